/**
 * Starting and replaying runs on whichever engine the app runs (ENGINE). Our `runs` row is
 * written first, in every case; on the embedded engine a worker then claims it, on Inngest the
 * row is handed over with a `steward/run.requested` event. The CLI and the API call these, not
 * the engine's startRun/replayRun, so a run never sits where no engine will pick it up.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { runRequestedEvent, type TSendInngestEvent } from '../../inngest/events.ts';
import { AppError, GENERIC_INTERNAL_MESSAGE } from '../app-error.ts';
import type { WorkflowRegistry } from '../engine/define-workflow.ts';
import { type ReplayParams, type ReplayResult, replayRun } from '../engine/replay.ts';
import { type StartRunParams, startRun, type TEngineKind } from '../engine/runs.ts';

/** Where new runs go: the engine, and how events reach Inngest when it is Inngest. */
export interface TEngineDispatch {
  engine: TEngineKind;
  sendInngestEvent: TSendInngestEvent;
}

export type TRequestRunParams = Omit<StartRunParams, 'engine' | 'replayOfId' | 'replayMode'>;

/**
 * Hands a queued Inngest run to Inngest. If Inngest cannot be reached the run is marked failed
 * with the reason (it can be replayed once Inngest is back) and an INTERNAL error is thrown.
 */
async function dispatchToInngest(
  pool: pg.Pool,
  run: { runId: string; workflowId: string },
  sendInngestEvent: TSendInngestEvent,
  dispatchId?: string,
): Promise<void> {
  try {
    await sendInngestEvent(runRequestedEvent(run, dispatchId));
  } catch (error) {
    await pool.query(
      `UPDATE runs SET status = 'failed', finished_at = now(), updated_at = now(),
         error = jsonb_build_object('errorClass', 'DispatchFailed', 'message', $2::text)
       WHERE id = $1 AND status = 'queued'`,
      [
        run.runId,
        `Inngest did not accept the run: ${error instanceof Error ? error.message : String(error)}`,
      ],
    );
    throw new AppError('INTERNAL', GENERIC_INTERNAL_MESSAGE, { cause: error });
  }
}

/**
 * Starts a run on the app's engine: the workflow must exist and the input parse with its schema
 * (BAD_INPUT names each bad field; nothing is written). On Inngest the run row is created with
 * `engine = 'inngest'`, which embedded workers never claim, and one `steward/run.requested`
 * event hands it over.
 */
export async function requestRun(
  pool: pg.Pool,
  registry: WorkflowRegistry,
  params: TRequestRunParams,
  dispatch: TEngineDispatch,
): Promise<{ runId: string }> {
  const { runId } = await startRun(pool, registry, { ...params, engine: dispatch.engine });
  if (dispatch.engine === 'inngest') {
    await dispatchToInngest(
      pool,
      { runId, workflowId: params.workflowId },
      dispatch.sendInngestEvent,
    );
  }
  return { runId };
}

/**
 * Replays a run (see replayRun) and, when the run to execute is an Inngest run, hands it to
 * Inngest again. A replay keeps the engine of the run it replays, whatever ENGINE says now.
 */
export async function requestReplay(
  pool: pg.Pool,
  registry: WorkflowRegistry,
  params: ReplayParams,
  dispatch: Pick<TEngineDispatch, 'sendInngestEvent'>,
): Promise<ReplayResult> {
  const result = await replayRun(pool, registry, params);
  const { rows } = await pool.query('SELECT workflow_id, engine FROM runs WHERE id = $1', [
    result.runId,
  ]);
  const run = z.object({ workflow_id: z.string(), engine: z.string() }).parse(rows[0]);
  if (run.engine === 'inngest') {
    // The same run id may have been requested before: a new dispatch id, or Inngest drops it.
    await dispatchToInngest(
      pool,
      { runId: result.runId, workflowId: run.workflow_id },
      dispatch.sendInngestEvent,
      randomUUID(),
    );
  }
  return result;
}
