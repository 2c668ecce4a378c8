/**
 * How step results, step failures and checkpoint times are represented, shared by both engines
 * so a run reads the same whichever engine executed it.
 */
import { z } from 'zod';
import { describeError } from './errors.ts';
import type { JsonValue } from './types.ts';

/** A step that failed for good, as recorded in its checkpoint's `error`. */
export const ZStoredStepErrorSchema = z.object({
  errorClass: z.string(),
  message: z.string(),
  attempts: z.number().int(),
});
export type TStoredStepError = z.infer<typeof ZStoredStepErrorSchema>;

/** A recorded step error, read leniently: a malformed record still yields something to show. */
export function parseStoredStepError(value: unknown): TStoredStepError {
  const parsed = ZStoredStepErrorSchema.safeParse(value);
  return parsed.success
    ? parsed.data
    : { errorClass: 'Error', message: 'unknown error', attempts: 0 };
}

/** A step's result as it will read back from jsonb, so replays see exactly what first runs saw. */
export function toJson(value: unknown, stepId: string): JsonValue {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch (error) {
    throw new TypeError(
      `Step "${stepId}" returned a value that cannot be stored as JSON: ${describeError(error).message}`,
    );
  }
}

/** Allowance for the difference between the database's clock (events) and a worker's. */
export const CLOCK_MARGIN_MS = 5_000;

/**
 * The earliest time an event a run is about to wait for may have been sent and still count:
 * when the run's previous checkpoint committed (its creation if none did), less the clock margin.
 */
export function eventsCountSince(
  checkpoints: Iterable<{ finishedAt: Date | null }>,
  runCreatedAt: Date,
): Date {
  let latest = runCreatedAt.getTime();
  for (const checkpoint of checkpoints) {
    const finished = checkpoint.finishedAt?.getTime() ?? 0;
    if (finished > latest) latest = finished;
  }
  return new Date(latest - CLOCK_MARGIN_MS);
}
