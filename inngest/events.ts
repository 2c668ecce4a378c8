/**
 * Every event Steward exchanges with Inngest, named and typed in one place.
 *
 * - `steward/run.requested` starts the Inngest function of a run's workflow. Our `runs` row is
 *   created first (the system of record); the event only carries its id and workflow id, and
 *   each workflow's function triggers on the events whose `workflowId` is its own.
 * - `steward/run.cancelled` cancels the Inngest function run of a run cancelled in our tables
 *   (every function's `cancelOn` matches it on the run id), so a sleeping or waiting function
 *   stops at once instead of at its next checkpoint.
 * - Engine events (what `step.waitForEvent` waits for, e.g. a reviewer's decision) keep their
 *   name under the `steward/event.` prefix, so they never collide with Inngest's own `inngest/`
 *   events or with the run events above; their id is the id of our `events` row.
 */
import { eventType } from 'inngest';
import { z } from 'zod';
import type { EngineEvent, JsonValue } from '../server/engine/types.ts';

/** The data of `steward/run.requested`. */
export const ZRunRequestedDataSchema = z.object({
  runId: z.uuid(),
  workflowId: z.string().min(1),
});
export type TRunRequestedData = z.infer<typeof ZRunRequestedDataSchema>;

/** Starts the Inngest function of a run that already has its row in `runs`. */
export const runRequested = eventType('steward/run.requested', {
  schema: ZRunRequestedDataSchema,
});

/** The data of `steward/run.cancelled`. */
export const ZRunCancelledDataSchema = z.object({ runId: z.uuid() });
export type TRunCancelledData = z.infer<typeof ZRunCancelledDataSchema>;

/** Cancels the Inngest function run of a run already cancelled in `runs`. */
export const runCancelled = eventType('steward/run.cancelled', {
  schema: ZRunCancelledDataSchema,
});

/**
 * The `cancelOn` of every function the adapter builds: a `steward/run.cancelled` whose run id
 * (`async`, the cancel event) is the one of the run request that started it (`event`).
 */
export const CANCEL_ON_RUN_CANCELLED = {
  event: runCancelled,
  if: 'async.data.runId == event.data.runId',
} as const;

/** An event as Steward sends it to Inngest. */
export interface TInngestEventPayload {
  /** Inngest drops a second event with the same id (within 24 hours): sending is retry-safe. */
  id?: string;
  name: string;
  data: { [key: string]: JsonValue };
}

/** Sends events to Inngest; the app passes the client's `send`, tests a recorder. */
export type TSendInngestEvent = (event: TInngestEventPayload) => Promise<unknown>;

/**
 * The `steward/run.requested` event of a run. `dispatchId` tells requests of one run apart: the
 * first request uses none (the run id dedupes a doubled send), a replay of the same run must use
 * a new one or Inngest would drop it as a duplicate.
 */
export function runRequestedEvent(
  data: TRunRequestedData,
  dispatchId?: string,
): TInngestEventPayload {
  return {
    id: dispatchId ? `run.requested:${data.runId}:${dispatchId}` : `run.requested:${data.runId}`,
    name: runRequested.name,
    data: { runId: data.runId, workflowId: data.workflowId },
  };
}

/**
 * The `steward/run.cancelled` event of a run. A run is cancelled once (cancelled runs are only
 * replayed as new runs), so its id alone makes sending it again after a failure harmless.
 */
export function runCancelledEvent(data: TRunCancelledData): TInngestEventPayload {
  return {
    id: `run.cancelled:${data.runId}`,
    name: runCancelled.name,
    data: { runId: data.runId },
  };
}

const ENGINE_EVENT_PREFIX = 'steward/event.';

/** The Inngest name of an engine event: `review.decided` → `steward/event.review.decided`. */
export function inngestEventName(engineEventName: string): string {
  return `${ENGINE_EVENT_PREFIX}${engineEventName}`;
}

/** An engine event (already recorded in our `events` table) as Inngest receives it. */
export function toInngestEvent(event: {
  id: string;
  name: string;
  data: { [key: string]: JsonValue };
}): TInngestEventPayload {
  return { id: event.id, name: inngestEventName(event.name), data: event.data };
}

const ZJsonSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(ZJsonSchema),
    z.record(z.string(), ZJsonSchema),
  ]),
);

const ZReceivedEventSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  data: ZJsonSchema.optional(),
  ts: z.number().optional(),
});

/**
 * What Inngest's `waitForEvent` returned, in the shape workflow code gets on every engine
 * (`null` after the timeout). Inngest's event id is our `events` row id, as we send it.
 */
export function toEngineEvent(received: unknown): EngineEvent | null {
  if (received === null || received === undefined) return null;
  const event = ZReceivedEventSchema.parse(received);
  const name = event.name.startsWith(ENGINE_EVENT_PREFIX)
    ? event.name.slice(ENGINE_EVENT_PREFIX.length)
    : event.name;
  return {
    id: event.id ?? '',
    name,
    data: event.data ?? {},
    createdAt: new Date(event.ts ?? Date.now()).toISOString(),
  };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fieldPath(base: string, key: string): string {
  return IDENTIFIER.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

function conditions(base: string, match: { [key: string]: JsonValue }): string[] {
  return Object.entries(match).flatMap(([key, value]) => {
    const path = fieldPath(base, key);
    if (Array.isArray(value)) {
      throw new RangeError(
        `waitForEvent match on "${key}": arrays cannot be matched on Inngest; match on scalar fields`,
      );
    }
    if (value !== null && typeof value === 'object') return conditions(path, value);
    // JSON literals are valid CEL literals for strings, numbers, booleans and null.
    return [`${path} == ${JSON.stringify(value)}`];
  });
}

/**
 * The CEL expression Inngest evaluates for a wait: every field of `match` equals the waiting-for
 * event's field (`async.data…`), nested objects field by field, as the embedded engine's jsonb
 * containment does. `undefined` (any event of that name) for an empty match.
 */
export function matchExpression(match: { [key: string]: JsonValue } = {}): string | undefined {
  const parts = conditions('async.data', match);
  return parts.length > 0 ? parts.join(' && ') : undefined;
}
