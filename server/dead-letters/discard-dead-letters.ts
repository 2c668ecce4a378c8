/**
 * Discarding dead letters from the admin: each run's open dead letter is closed with the reason
 * by discardDeadLetter (in its own transaction, audited as the operator); answered per run.
 */
import type pg from 'pg';
import { AppError } from '../app-error.ts';
import { discardDeadLetter } from '../engine/replay.ts';
import type { TDiscardOutcome } from './schemas.ts';

/**
 * Discards the open dead letters of the runs with `reason`, as `actorId`: the runs stay dead,
 * each dead letter records who, when and why. A run without an open dead letter is refused
 * (CONFLICT) and the others go ahead.
 */
export async function discardDeadLetters(
  pool: pg.Pool,
  params: { runIds: string[]; reason: string; actorId: string },
): Promise<TDiscardOutcome[]> {
  const outcomes: TDiscardOutcome[] = [];
  for (const runId of new Set(params.runIds)) {
    try {
      const { deadLetterId } = await discardDeadLetter(pool, {
        runId,
        reason: params.reason,
        actorId: params.actorId,
      });
      outcomes.push({ ok: true, runId, deadLetterId });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ ok: false, runId, code: error.code, message: error.message });
    }
  }
  return outcomes;
}
