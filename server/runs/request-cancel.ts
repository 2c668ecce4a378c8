/**
 * Cancelling a run on whichever engine executes it. Our `runs` row is cancelled first, in every
 * case: embedded workers and Inngest functions both stop at their next checkpoint when they find
 * it cancelled. An Inngest run is also told at once with `steward/run.cancelled`, which every
 * function's `cancelOn` matches, so a run that sleeps or waits for an event does not wait to wake
 * up before it stops.
 */
import type pg from 'pg';
import { z } from 'zod';
import { runCancelledEvent } from '../../inngest/events.ts';
import { cancelRun } from '../engine/runs.ts';
import type { TEngineDispatch } from './request-run.ts';

export interface TRequestCancelParams {
  runId: string;
  actorId?: string | null;
  reason?: string;
}

/**
 * Whether Inngest was told: `not_needed` for an embedded run (its worker reads our tables),
 * `sent`, or `failed` with the sender's error, for the operator and the log. The run is
 * cancelled whatever this says.
 */
export type TCancelNotice =
  | { status: 'not_needed' }
  | { status: 'sent' }
  | { status: 'failed'; message: string };

export interface TRequestCancelResult {
  runId: string;
  engine: 'embedded' | 'inngest';
  inngest: TCancelNotice;
}

const ZEngineRowSchema = z.object({ engine: z.enum(['embedded', 'inngest']) });

/**
 * Cancels a run that has not finished (cancelRun: NOT_FOUND for an unknown run, CONFLICT for a
 * finished one; nothing is sent then) and, when the run is an Inngest run (its own engine, not
 * what ENGINE says now), sends one `steward/run.cancelled` for it.
 *
 * A failed send does not undo or fail the cancellation: the run is cancelled in our tables (the
 * system of record) and its function still stops at its next checkpoint, as it did before this
 * event existed; only a long sleep or wait lasts until it ends. So the failure is not thrown but
 * reported in `inngest` (and the caller says so to the operator). Sending again is harmless: the
 * event's id is the run's.
 */
export async function requestCancel(
  pool: pg.Pool,
  params: TRequestCancelParams,
  dispatch: Pick<TEngineDispatch, 'sendInngestEvent'>,
): Promise<TRequestCancelResult> {
  await cancelRun(pool, params);
  const { rows } = await pool.query('SELECT engine FROM runs WHERE id = $1', [params.runId]);
  const { engine } = ZEngineRowSchema.parse(rows[0]);
  if (engine !== 'inngest')
    return { runId: params.runId, engine, inngest: { status: 'not_needed' } };
  try {
    await dispatch.sendInngestEvent(runCancelledEvent({ runId: params.runId }));
    return { runId: params.runId, engine, inngest: { status: 'sent' } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { runId: params.runId, engine, inngest: { status: 'failed', message } };
  }
}
