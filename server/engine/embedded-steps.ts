/**
 * The step API on the embedded engine, for one execution of one run. Finished steps return
 * what they recorded; a new step runs, and its outcome is checkpointed in one fenced statement
 * before the workflow moves on. Anything that must wait (a backoff, a sleep, an event, a person)
 * releases the run in the same statement and ends this execution with `RunSuspended`.
 */
import { type Duration, toMilliseconds } from './duration.ts';
import { DuplicateStepIdError, describeError, LeaseLostError, StepFailedError } from './errors.ts';
import { backoffDelayMs, isRetriable, type RetryPolicy, retryPolicy } from './retry.ts';
import {
  eventsCountSince,
  parseStoredStepError,
  type TStoredStepError,
  toJson,
} from './step-values.ts';
import {
  type Checkpoint,
  type CheckpointWrite,
  closeTimedOutWait,
  findEventSince,
  type Queryable,
  type RunTransition,
  releaseRun,
  type TAttempt,
  writeCheckpoint,
} from './store.ts';
import type {
  EngineEvent,
  JsonValue,
  StepApi,
  StepContext,
  StepRunOptions,
  WaitForEventOptions,
} from './types.ts';

/**
 * Thrown through workflow code when the run was handed back to the queue (backoff, sleep, wait,
 * reconciliation). Not a failure: the run continues in a later execution.
 */
export class RunSuspended extends Error {
  override name = 'RunSuspended';
  readonly wakeAt: Date | null;
  constructor(wakeAt: Date | null) {
    super('The run is suspended until it can continue.');
    this.wakeAt = wakeAt;
  }
}

export interface EmbeddedStepsOptions {
  db: Queryable;
  runId: string;
  leaseToken: string;
  leaseMs: number;
  checkpoints: Map<string, Checkpoint>;
  workflowRetry: Partial<RetryPolicy> | undefined;
  /** When the run was created: the earliest an event it waits for may have been sent. */
  runCreatedAt: Date;
  signal: AbortSignal;
  /** Set by the worker when it is shutting down: the run is let go at the next step. */
  isStopping: () => boolean;
  now?: () => number;
  random?: () => number;
}

/** The step API for one execution; `failedStep` tells which step an escaping failure came from. */
export class EmbeddedSteps implements StepApi {
  private readonly options: EmbeddedStepsOptions;
  private readonly seen = new Set<string>();
  private suspension: RunSuspended | null = null;
  private readonly now: () => number;

  constructor(options: EmbeddedStepsOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** The suspension this execution ended in, if it did (even if workflow code swallowed it). */
  get suspended(): RunSuspended | null {
    return this.suspension;
  }

  private claimStepId(id: string): void {
    if (this.suspension) throw this.suspension;
    if (this.options.signal.aborted) throw new LeaseLostError(this.options.runId);
    if (this.seen.has(id)) throw new DuplicateStepIdError(id);
    this.seen.add(id);
  }

  private async write(transition: RunTransition, write: CheckpointWrite): Promise<void> {
    const { db, runId, leaseToken } = this.options;
    const isWritten = await writeCheckpoint(db, runId, leaseToken, transition, write);
    if (!isWritten) throw new LeaseLostError(runId);
    this.options.checkpoints.set(write.stepId, {
      stepId: write.stepId,
      status: write.status,
      attemptCount: write.attemptCount,
      output: write.output ?? null,
      error: write.error ?? null,
      wakeAt: write.wakeAt ?? null,
      finishedAt: write.isFinished ? new Date(this.now()) : null,
    });
  }

  private keep(): RunTransition {
    return { kind: 'keep' };
  }

  private async suspend(
    status: 'queued' | 'sleeping' | 'waiting' | 'needs_review' | 'needs_reconciliation',
    wakeAt: Date | null,
    write: CheckpointWrite,
  ): Promise<never> {
    await this.write({ kind: 'release', status, runAfter: wakeAt ?? new Date(this.now()) }, write);
    this.suspension = new RunSuspended(status === 'needs_reconciliation' ? null : wakeAt);
    throw this.suspension;
  }

  /** A graceful shutdown lets go of the run between steps; another worker picks it up at once. */
  private async releaseIfStopping(): Promise<void> {
    if (!this.options.isStopping()) return;
    await releaseRun(this.options.db, this.options.runId, this.options.leaseToken);
    this.suspension = new RunSuspended(new Date(this.now()));
    throw this.suspension;
  }

  async run<T>(
    id: string,
    fn: (context: StepContext) => Promise<T> | T,
    options: StepRunOptions<T> = {},
  ): Promise<T> {
    this.claimStepId(id);
    const recorded = this.options.checkpoints.get(id);
    if (recorded?.status === 'succeeded') return recorded.output as T;
    if (recorded?.status === 'failed')
      return this.afterFinalFailure(id, parseStoredStepError(recorded.error), options);

    const kind = options.kind ?? 'tool';
    const toolName = options.toolName ?? null;
    const idempotencyKey = `${this.options.runId}:${id}`;
    const isIdempotent = options.idempotent !== false;
    if (recorded?.status === 'running' && !isIdempotent) {
      // An attempt started and nobody recorded how it ended: its effect may or may not have
      // happened, and running it again could apply it twice. A person decides.
      return this.suspend('needs_reconciliation', null, {
        stepId: id,
        kind,
        toolName,
        status: 'running',
        attemptCount: recorded.attemptCount,
        attempts: [],
        idempotencyKey,
        isFinished: false,
        error: {
          errorClass: 'OutcomeUnknown',
          message: 'A worker stopped during this step; its outcome is unknown.',
        },
      });
    }
    await this.releaseIfStopping();

    const policy = retryPolicy({ ...this.options.workflowRetry, ...options.retry });
    const attempt = (recorded?.attemptCount ?? 0) + 1;
    const startedAt = new Date(this.now()).toISOString();
    if (!isIdempotent) {
      await this.write(this.keep(), {
        stepId: id,
        kind,
        toolName,
        status: 'running',
        attemptCount: attempt,
        attempts: [],
        idempotencyKey,
        isFinished: false,
      });
    }

    let result: T;
    try {
      result = await fn({
        runId: this.options.runId,
        stepId: id,
        idempotencyKey,
        attempt,
        signal: this.options.signal,
      });
    } catch (error) {
      if (this.options.signal.aborted) throw new LeaseLostError(this.options.runId);
      const failure = describeError(error);
      const finishedAt = new Date(this.now()).toISOString();
      const canRetry = attempt < policy.maxAttempts && isRetriable(error, policy);
      if (canRetry) {
        const delay = backoffDelayMs(policy, attempt + 1, this.options.random);
        const entry: TAttempt = {
          attempt,
          startedAt,
          finishedAt,
          errorClass: failure.errorClass,
          message: failure.message,
          retryInMs: delay,
        };
        return this.suspend('queued', new Date(this.now() + delay), {
          stepId: id,
          kind,
          toolName,
          status: 'retrying',
          attemptCount: attempt,
          attempts: [entry],
          idempotencyKey,
          isFinished: false,
          error: {
            errorClass: failure.errorClass,
            message: failure.message,
            stack: failure.stack ?? null,
          },
        });
      }
      const stored: TStoredStepError = {
        errorClass: failure.errorClass,
        message: failure.message,
        attempts: attempt,
      };
      await this.write(this.keep(), {
        stepId: id,
        kind,
        toolName,
        status: 'failed',
        attemptCount: attempt,
        attempts: [
          {
            attempt,
            startedAt,
            finishedAt,
            errorClass: failure.errorClass,
            message: failure.message,
          },
        ],
        idempotencyKey,
        isFinished: true,
        error: { ...stored, stack: failure.stack ?? null },
      });
      return this.afterFinalFailure(id, stored, options);
    }

    const output = toJson(result, id);
    await this.write(this.keep(), {
      stepId: id,
      kind,
      toolName,
      status: 'succeeded',
      attemptCount: attempt,
      attempts: [
        {
          attempt,
          startedAt,
          finishedAt: new Date(this.now()).toISOString(),
          errorClass: null,
          message: null,
        },
      ],
      output,
      idempotencyKey,
      isFinished: true,
    });
    return output as T;
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
    const recorded = this.options.checkpoints.get(id);
    if (recorded?.status === 'succeeded') return;
    const wakeAt = recorded?.wakeAt ?? new Date(this.now() + toMilliseconds(duration));
    const base = { stepId: id, kind: 'sleep' as const, attemptCount: 1, attempts: [], wakeAt };
    if (wakeAt.getTime() <= this.now()) {
      await this.write(this.keep(), { ...base, status: 'succeeded', isFinished: true });
      return;
    }
    await this.suspend('sleeping', wakeAt, { ...base, status: 'sleeping', isFinished: false });
  }

  async waitForEvent<TData = JsonValue>(
    id: string,
    options: WaitForEventOptions,
  ): Promise<EngineEvent<TData> | null> {
    this.claimStepId(id);
    const recorded = this.options.checkpoints.get(id);
    if (recorded?.status === 'succeeded') return recorded.output as EngineEvent<TData> | null;

    if (
      recorded?.status === 'waiting' &&
      recorded.wakeAt &&
      recorded.wakeAt.getTime() <= this.now()
    ) {
      const { db, runId, leaseToken, leaseMs } = this.options;
      const closed = await closeTimedOutWait(db, runId, leaseToken, leaseMs, id);
      if (!closed.isLeaseHeld) throw new LeaseLostError(runId);
      recorded.status = 'succeeded';
      recorded.output = closed.output;
      return closed.output as EngineEvent<TData> | null;
    }

    const match = options.match ?? {};
    const wakeAt = recorded?.wakeAt ?? new Date(this.now() + toMilliseconds(options.timeout));
    const base = {
      stepId: id,
      kind: 'wait' as const,
      attemptCount: 1,
      attempts: [],
      wakeAt,
      waitEvent: options.event,
      waitMatch: match,
    };
    if (!recorded) {
      // An event sent after the run's last checkpoint, before this wait was recorded, counts.
      const early = await findEventSince(this.options.db, {
        event: options.event,
        match,
        since: eventsCountSince(this.options.checkpoints.values(), this.options.runCreatedAt),
      });
      if (early) {
        await this.write(this.keep(), {
          ...base,
          status: 'succeeded',
          isFinished: true,
          output: toJson(early, id),
        });
        return early as EngineEvent<TData>;
      }
    }
    // The step waits either way; the run says whether it waits for a system or for a person.
    const runStatus = options.status ?? 'waiting';
    return this.suspend(runStatus, wakeAt, { ...base, status: 'waiting', isFinished: false });
  }
}
