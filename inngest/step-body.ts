/**
 * The body of the Inngest step behind `step.run`: our step's code, with its checkpoint recorded
 * as on the embedded engine (status, attempts, output or error, idempotency key, kind and tool).
 * Its outcome is told to Inngest with Inngest's own signals: a return value, RetryAfterError
 * with our backoff delay for an attempt to be retried, NonRetriableError once the step failed
 * for good (after its own maxAttempts, or a non-retriable error class).
 */
import { NonRetriableError as InngestNonRetriableError, RetryAfterError } from 'inngest';
import { describeError } from '../server/engine/errors.ts';
import {
  backoffDelayMs,
  isRetriable,
  type RetryPolicy,
  retryPolicy,
} from '../server/engine/retry.ts';
import type { JsonValue, StepContext, StepRunOptions } from '../server/engine/types.ts';
import { type TStoredStepError, toJson, ZStoredStepErrorSchema } from './step-outcomes.ts';
import { type StepRecorder, stopInsideStep } from './step-recorder.ts';

/** Inngest allows at most 20 retries: 21 attempts of a step. */
export const INNGEST_MAX_ATTEMPTS = 21;

export interface TStepBodyContext {
  recorder: StepRecorder;
  /** Inngest's attempt number of this request, zero-based. */
  inngestAttempt: number;
  workflowRetry: Partial<RetryPolicy> | undefined;
  /** Never aborted: Inngest does not tell a running step that its run was cancelled. */
  signal: AbortSignal;
  random?: () => number;
}

/** What a step body throws once its step failed for good: Inngest must not retry it. */
export function finalFailure(
  stored: TStoredStepError,
  original: unknown,
): InngestNonRetriableError {
  const error = new InngestNonRetriableError(`${stored.errorClass}: ${stored.message}`, {
    cause: { steward: 'step-failed', ...stored },
  });
  if (original instanceof Error && original.stack) error.stack = original.stack;
  return error;
}

/** Runs one attempt of a step inside its Inngest step and records how it went. */
export async function runStepBody<T>(
  context: TStepBodyContext,
  id: string,
  fn: (context: StepContext) => Promise<T> | T,
  options: StepRunOptions<T>,
): Promise<JsonValue> {
  const { recorder } = context;
  const recorded = recorder.get(id);
  // Recorded but unknown to Inngest: its answer to the request that ran the step was lost.
  if (recorded?.status === 'succeeded') return toJson(recorded.output, id);
  const storedFailure = ZStoredStepErrorSchema.safeParse(recorded?.error);
  if (recorded?.status === 'failed' && storedFailure.success) {
    throw finalFailure(storedFailure.data, null);
  }

  const idempotencyKey = `${recorder.runId}:${id}`;
  const base = {
    stepId: id,
    kind: options.kind ?? 'tool',
    toolName: options.toolName ?? null,
    idempotencyKey,
  };
  const isIdempotent = options.idempotent !== false;
  const attempt = context.inngestAttempt + 1;
  if (recorded?.status === 'running' && !isIdempotent) {
    // An attempt started and nobody recorded how it ended: a person decides.
    await recorder.record(
      { status: 'needs_reconciliation', runAfter: new Date(recorder.now()) },
      {
        ...base,
        status: 'running',
        attemptCount: recorded.attemptCount,
        attempts: [],
        isFinished: false,
        error: {
          errorClass: 'OutcomeUnknown',
          message: 'An attempt of this step stopped before recording its outcome.',
        },
      },
      true,
    );
    throw stopInsideStep('a step that is not idempotent needs reconciliation');
  }

  const policy = retryPolicy({ ...context.workflowRetry, ...options.retry });
  const startedAt = new Date(recorder.now()).toISOString();
  if (!isIdempotent) {
    await recorder.record(
      { status: 'running' },
      { ...base, status: 'running', attemptCount: attempt, attempts: [], isFinished: false },
      true,
    );
  }

  let result: T;
  try {
    result = await fn({
      runId: recorder.runId,
      stepId: id,
      idempotencyKey,
      attempt,
      signal: context.signal,
    });
  } catch (error) {
    const failure = describeError(error);
    const entry = {
      attempt,
      startedAt,
      finishedAt: new Date(recorder.now()).toISOString(),
      errorClass: failure.errorClass,
      message: failure.message,
    };
    const maxAttempts = Math.min(policy.maxAttempts, INNGEST_MAX_ATTEMPTS);
    if (attempt < maxAttempts && isRetriable(error, policy)) {
      const delay = backoffDelayMs(policy, attempt + 1, context.random);
      await recorder.record(
        { status: 'queued', runAfter: new Date(recorder.now() + delay) },
        {
          ...base,
          status: 'retrying',
          attemptCount: attempt,
          attempts: [{ ...entry, retryInMs: delay }],
          isFinished: false,
          error: {
            errorClass: failure.errorClass,
            message: failure.message,
            stack: failure.stack ?? null,
          },
        },
        true,
      );
      // Inngest rounds the delay up to whole seconds.
      throw new RetryAfterError(failure.message, delay, { cause: error });
    }
    const stored: TStoredStepError = {
      errorClass: failure.errorClass,
      message: failure.message,
      attempts: attempt,
    };
    await recorder.record(
      { status: 'running' },
      {
        ...base,
        status: 'failed',
        attemptCount: attempt,
        attempts: [entry],
        isFinished: true,
        error: { ...stored, stack: failure.stack ?? null },
      },
      true,
    );
    throw finalFailure(stored, error);
  }

  const output = toJson(result, id);
  const finishedAt = new Date(recorder.now()).toISOString();
  await recorder.record(
    { status: 'running' },
    {
      ...base,
      status: 'succeeded',
      attemptCount: attempt,
      attempts: [{ attempt, startedAt, finishedAt, errorClass: null, message: null }],
      output,
      isFinished: true,
    },
    true,
  );
  return output;
}
