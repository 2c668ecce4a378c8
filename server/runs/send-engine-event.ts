/**
 * Sending an engine event (a reviewer's decision, an external callback) to the runs waiting for
 * it, on either engine. The event is recorded in our `events` table and wakes embedded runs as
 * always; with ENGINE=inngest it is also forwarded to Inngest, whose functions wait on their own.
 */
import type pg from 'pg';
import { toInngestEvent } from '../../inngest/events.ts';
import { sendEvent } from '../engine/runs.ts';
import type { JsonValue } from '../engine/types.ts';
import type { TEngineDispatch } from './request-run.ts';

/**
 * Records the event and wakes every run waiting for it. On Inngest the event goes out under its
 * `events` row id, so sending it again after a failure cannot wake a function twice. An Inngest
 * that cannot be reached is an error for the caller: the event is recorded, and waiting
 * checkpoints hold it, but Inngest functions would only see it at their wait's timeout.
 */
export async function sendEngineEvent(
  pool: pg.Pool,
  event: { name: string; data?: { [key: string]: JsonValue } },
  dispatch: TEngineDispatch,
): Promise<{ eventId: string; wokenRunIds: string[] }> {
  const sent = await sendEvent(pool, event);
  if (dispatch.engine === 'inngest') {
    await dispatch.sendInngestEvent(
      toInngestEvent({ id: sent.eventId, name: event.name, data: event.data ?? {} }),
    );
  }
  return sent;
}
