/**
 * How a step's outcome crosses Inngest's step boundary. Inside an Inngest step body we throw
 * Inngest's own error classes (its retry and stop signals); outside, workflow code sees the
 * same errors as on the embedded engine (StepFailedError). The `cause` we attach travels with
 * Inngest's serialized step error, so a later request can tell what happened even when our
 * tables were not read in between.
 */
import { StepError } from 'inngest';
import { z } from 'zod';
import { describeError } from '../server/engine/errors.ts';
import { type TStoredStepError, ZStoredStepErrorSchema } from '../server/engine/step-values.ts';

export {
  type TStoredStepError,
  toJson,
  ZStoredStepErrorSchema,
} from '../server/engine/step-values.ts';

/** The `cause` of the error a step body throws when the step failed for good. */
export const ZStepFailedCauseSchema = ZStoredStepErrorSchema.extend({
  steward: z.literal('step-failed'),
});

/** The `cause` of the error a step body throws when the run must not go on. */
export const ZRunStoppedCauseSchema = z.object({
  steward: z.literal('run-stopped'),
  reason: z.string(),
});

/**
 * The run may not continue on Inngest: cancelled or finished in our tables, or waiting for a
 * person to reconcile a step whose outcome is unknown. The function ends without a dead letter.
 */
export class RunStoppedError extends Error {
  override name = 'RunStoppedError';
  readonly reason: string;
  constructor(reason: string) {
    super(`The run stopped on Inngest: ${reason}`);
    this.reason = reason;
  }
}

/** What a failed Inngest step stands for: our step failure, or a stopped run. */
export type TStepErrorMeaning =
  | { kind: 'failed'; stored: TStoredStepError }
  | { kind: 'stopped'; reason: string };

/**
 * Reads an Inngest StepError (a step that failed for good) back into our terms, from the cause
 * the step body attached; a step error without one (thrown by Inngest itself) keeps its name
 * and message and counts one attempt.
 */
export function meaningOfStepError(error: StepError): TStepErrorMeaning {
  const stopped = ZRunStoppedCauseSchema.safeParse(error.cause);
  if (stopped.success) return { kind: 'stopped', reason: stopped.data.reason };
  const failed = ZStepFailedCauseSchema.safeParse(error.cause);
  if (failed.success) {
    const { errorClass, message, attempts } = failed.data;
    return { kind: 'failed', stored: { errorClass, message, attempts } };
  }
  const described = describeError(error);
  return {
    kind: 'failed',
    stored: { errorClass: described.errorClass, message: described.message, attempts: 1 },
  };
}

/** Whether this is Inngest telling us that a step failed for good. */
export function isInngestStepError(error: unknown): error is StepError {
  return error instanceof StepError;
}
