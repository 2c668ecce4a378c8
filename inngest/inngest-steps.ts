/**
 * The step API on Inngest, for one request of one run. Each `step.run` is an Inngest step whose
 * body also records our checkpoint (step-body.ts), so the consoles read the same
 * `step_checkpoints` whichever engine ran the run; sleeps and waits are Inngest's, recorded
 * around them.
 *
 * Semantics mirror server/engine/embedded-steps.ts, with these differences Inngest imposes:
 * - Retries are Inngest's: a failed attempt throws RetryAfterError with our backoff delay, which
 *   Inngest rounds up to whole seconds, and attempt numbers are Inngest's. Inngest has no
 *   per-step retry count, so functions allow its maximum and each step's own `maxAttempts`
 *   ends its retries with a NonRetriableError; a step gets at most 21 attempts.
 * - Sleeps and waits shorter than a second last a second (Inngest's resolution).
 * - A wait accepts an event sent since the run's previous checkpoint (as on the embedded
 *   engine) or after the wait was recorded: `sendEvent` closes the waiting checkpoint in our
 *   table, which wins over what Inngest delivers. Between our record and Inngest registering the
 *   wait, though, Inngest misses such an event, and the run goes on only at the wait's timeout.
 * - A step's `signal` never aborts; a cancelled run stops at its next checkpoint instead.
 * - Steps that had succeeded before this Inngest run began (a replay from the failed step)
 *   return their recorded output without an Inngest step; the list of them is itself a
 *   memoized Inngest step, so every request of the Inngest run takes the same path.
 */
import { type Duration, toMilliseconds } from '../server/engine/duration.ts';
import { DuplicateStepIdError, StepFailedError } from '../server/engine/errors.ts';
import type { RetryPolicy } from '../server/engine/retry.ts';
import { findEventSince, type Queryable } from '../server/engine/store.ts';
import type {
  EngineEvent,
  JsonValue,
  StepApi,
  StepContext,
  StepRunOptions,
  WaitForEventOptions,
} from '../server/engine/types.ts';
import { inngestEventName, matchExpression, toEngineEvent } from './events.ts';
import { closeInngestWait, type InngestCheckpoint } from './run-store.ts';
import { runStepBody, type TStepBodyContext } from './step-body.ts';
import {
  isInngestStepError,
  meaningOfStepError,
  RunStoppedError,
  type TStoredStepError,
  toJson,
  ZStoredStepErrorSchema,
} from './step-outcomes.ts';
import { StepRecorder } from './step-recorder.ts';

/** Events may carry the database's clock and checkpoints this process's: allow for the skew. */

/** The part of Inngest's step tools the adapter uses. */
export interface InngestStepTools {
  run(id: string, fn: () => Promise<JsonValue>): Promise<unknown>;
  sleep(id: string, duration: number): Promise<unknown>;
  waitForEvent(
    id: string,
    options: { event: string; timeout: number; if?: string },
  ): Promise<unknown>;
}

export interface InngestStepsOptions {
  db: Queryable;
  runId: string;
  tools: InngestStepTools;
  /** Inngest's zero-based attempt number of this request. */
  attempt: number;
  checkpoints: Map<string, InngestCheckpoint>;
  /** Steps that had succeeded before this Inngest run began (a replay from the failed step). */
  recordedBefore: ReadonlySet<string>;
  workflowRetry: Partial<RetryPolicy> | undefined;
  runCreatedAt: Date;
  now?: () => number;
  random?: () => number;
}

/** The step API for one Inngest request of one run. */
export class InngestSteps implements StepApi {
  private readonly options: InngestStepsOptions;
  private readonly recorder: StepRecorder;
  private readonly body: TStepBodyContext;
  private readonly seen = new Set<string>();

  constructor(options: InngestStepsOptions) {
    this.options = options;
    this.recorder = new StepRecorder({
      db: options.db,
      runId: options.runId,
      checkpoints: options.checkpoints,
      now: options.now ?? Date.now,
    });
    this.body = {
      recorder: this.recorder,
      inngestAttempt: options.attempt,
      workflowRetry: options.workflowRetry,
      signal: new AbortController().signal,
      random: options.random,
    };
  }

  private claimStepId(id: string): void {
    if (this.seen.has(id)) throw new DuplicateStepIdError(id);
    this.seen.add(id);
  }

  async run<T>(
    id: string,
    fn: (context: StepContext) => Promise<T> | T,
    options: StepRunOptions<T> = {},
  ): Promise<T> {
    this.claimStepId(id);
    if (this.options.recordedBefore.has(id)) return this.recorder.get(id)?.output as T;
    try {
      const output = await this.options.tools.run(id, () =>
        runStepBody(this.body, id, fn, options),
      );
      return output as T;
    } catch (error) {
      if (!isInngestStepError(error)) throw error;
      // The step failed for good. Our checkpoint says how, if this process recorded or read it.
      const recorded = this.recorder.get(id);
      const stored = ZStoredStepErrorSchema.safeParse(recorded?.error);
      if (recorded?.status === 'failed' && stored.success) {
        return this.afterFinalFailure(id, stored.data, options);
      }
      const meaning = meaningOfStepError(error);
      if (meaning.kind === 'stopped') throw new RunStoppedError(meaning.reason);
      return this.afterFinalFailure(id, meaning.stored, options);
    }
  }

  /** A step that failed for good: its fallback (a step of its own) or a StepFailedError. */
  private afterFinalFailure<T>(
    id: string,
    stored: TStoredStepError,
    options: StepRunOptions<T>,
  ): Promise<T> {
    const error = new StepFailedError(id, stored.errorClass, stored.message, stored.attempts);
    const { fallback } = options;
    if (!fallback) throw error;
    return this.run(`${id}.fallback`, (context) => fallback({ ...context, error }), {
      retry: options.retry,
      idempotent: options.idempotent,
      kind: options.kind,
      toolName: options.toolName,
    });
  }

  async sleep(id: string, duration: Duration): Promise<void> {
    this.claimStepId(id);
    if (this.options.recordedBefore.has(id)) return;
    const milliseconds = toMilliseconds(duration);
    const base = { stepId: id, kind: 'sleep' as const, attemptCount: 1, attempts: [] };
    if (!this.recorder.get(id)) {
      const wakeAt = new Date(this.recorder.now() + milliseconds);
      await this.recorder.record(
        { status: 'sleeping', runAfter: wakeAt },
        { ...base, wakeAt, status: 'sleeping', isFinished: false },
        false,
      );
    }
    await this.options.tools.sleep(id, milliseconds);
    const current = this.recorder.get(id);
    if (current?.status !== 'succeeded') {
      await this.recorder.record(
        { status: 'running' },
        { ...base, wakeAt: current?.wakeAt ?? null, status: 'succeeded', isFinished: true },
        false,
      );
    }
  }

  async waitForEvent<TData = JsonValue>(
    id: string,
    options: WaitForEventOptions,
  ): Promise<EngineEvent<TData> | null> {
    this.claimStepId(id);
    const recorded = this.recorder.get(id);
    // Satisfied by an event sent before the wait was recorded: never registered with Inngest.
    const isSatisfiedEarly = recorded?.status === 'succeeded' && recorded.waitEvent === null;
    if (this.options.recordedBefore.has(id) || isSatisfiedEarly) {
      return (recorded?.output ?? null) as EngineEvent<TData> | null;
    }
    const match = options.match ?? {};
    const timeout = toMilliseconds(options.timeout);
    if (!recorded) {
      const wakeAt = new Date(this.recorder.now() + timeout);
      const base = { stepId: id, kind: 'wait' as const, attemptCount: 1, attempts: [], wakeAt };
      const since = this.recorder.eventsCountSince(this.options.runCreatedAt);
      const early = await findEventSince(this.options.db, {
        event: options.event,
        match,
        since,
      });
      if (early) {
        const output = toJson(early, id);
        await this.recorder.record(
          { status: 'running' },
          { ...base, status: 'succeeded', isFinished: true, output },
          false,
        );
        return output as EngineEvent<TData> | null;
      }
      // The run waits for a system, or for a person (needs_review), as the workflow says.
      await this.recorder.record(
        { status: options.status ?? 'waiting', runAfter: wakeAt },
        {
          ...base,
          status: 'waiting',
          isFinished: false,
          waitEvent: options.event,
          waitMatch: match,
        },
        false,
      );
    }
    const condition = matchExpression(match);
    const received = await this.options.tools.waitForEvent(id, {
      event: inngestEventName(options.event),
      timeout,
      ...(condition ? { if: condition } : {}),
    });
    const current = this.recorder.get(id);
    if (current?.status === 'succeeded') return current.output as EngineEvent<TData> | null;
    const delivered = toJson(toEngineEvent(received), id);
    const closed = await closeInngestWait(this.options.db, this.options.runId, id, delivered);
    if (!closed.isActive) {
      throw new RunStoppedError('it is no longer active in Steward (cancelled or finished)');
    }
    this.recorder.markSucceeded(id, closed.output);
    return closed.output as EngineEvent<TData> | null;
  }
}
