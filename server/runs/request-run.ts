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
import {
  attachDocument,
  documentIdInputError,
  inputDocumentId,
  requireInputDocument,
} from '../documents/store.ts';
import type { WorkflowRegistry } from '../engine/define-workflow.ts';
import {
  type ReplayManyResult,
  type ReplayParams,
  type ReplayResult,
  replayMany,
  replayRun,
} from '../engine/replay.ts';
import {
  insertRun,
  parseWorkflowInput,
  requireWorkflow,
  type StartRunParams,
  type TEngineKind,
} from '../engine/runs.ts';
import { withTransaction } from '../engine/transaction.ts';

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
 * (BAD_INPUT names each bad field; nothing is written). An input naming a document
 * (`documentId`, see server/documents) needs a stored document and a workflow that takes one
 * (else BAD_INPUT on `documentId`); the run and its link to the document are written in one
 * transaction, so no worker ever claims the run without its document. On Inngest the run row is
 * created with `engine = 'inngest'`, which embedded workers never claim, and one
 * `steward/run.requested` event hands it over.
 */
export async function requestRun(
  pool: pg.Pool,
  registry: WorkflowRegistry,
  params: TRequestRunParams,
  dispatch: TEngineDispatch,
): Promise<{ runId: string }> {
  // startRun's steps, with the document's check and link inside its transaction.
  const workflow = requireWorkflow(registry, params.workflowId);
  const input = parseWorkflowInput(workflow, params.input);
  const documentId = inputDocumentId(input);
  if (documentId === undefined && inputDocumentId(params.input) !== undefined) {
    // The schema dropped it: the run would never see the document it was handed.
    throw documentIdInputError(workflow.id, `${workflow.id} does not take documents.`);
  }
  const runId = await withTransaction(pool, async (client) => {
    if (documentId !== undefined) await requireInputDocument(client, workflow.id, documentId);
    const id = await insertRun(client, workflow, input, { ...params, engine: dispatch.engine });
    if (documentId !== undefined) await attachDocument(client, id, documentId);
    return id;
  });
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

export type TRequestReplayManyParams = Parameters<typeof replayMany>[2];

/**
 * One run of a bulk replay: replayed (and, on Inngest, handed over), or refused. `runId` is the
 * run the replay created or queued when there is one: a replay whose hand-over to Inngest failed
 * has one (marked failed), a run the engine refused to replay has none.
 */
export type TReplayManyOutcome =
  | ({ ok: true } & ReplayResult)
  | { ok: false; originRunId: string; runId: string | null; code: string; message: string };

const ZReplayedRunsSchema = z.array(
  z.object({ id: z.string(), workflow_id: z.string(), engine: z.string() }),
);

/**
 * Replays many runs in one mode (see replayMany: each in its own transaction, answered per run)
 * and hands every replayed Inngest run to Inngest, one `steward/run.requested` per run that will
 * execute, each under a new dispatch id; embedded runs are left to the workers. A send that
 * fails marks that run failed (as requestReplay does; it can be replayed again) and turns its
 * outcome into an INTERNAL refusal naming the run; the runs after it are sent all the same.
 */
export async function requestReplayMany(
  pool: pg.Pool,
  registry: WorkflowRegistry,
  params: TRequestReplayManyParams,
  dispatch: Pick<TEngineDispatch, 'sendInngestEvent'>,
): Promise<TReplayManyOutcome[]> {
  const results: ReplayManyResult[] = await replayMany(pool, registry, params);
  const replayedIds = results.flatMap((result) => (result.ok ? [result.runId] : []));
  const { rows } = await pool.query(
    'SELECT id, workflow_id, engine FROM runs WHERE id = ANY($1::uuid[])',
    [replayedIds],
  );
  const runs = new Map(ZReplayedRunsSchema.parse(rows).map((run) => [run.id, run]));
  const outcomes: TReplayManyOutcome[] = [];
  // One at a time: a bulk replay may be long, and each send is one request to Inngest.
  for (const result of results) {
    if (!result.ok) {
      outcomes.push({ ...result, runId: null });
      continue;
    }
    const run = runs.get(result.runId);
    if (run?.engine !== 'inngest') {
      outcomes.push(result);
      continue;
    }
    try {
      await dispatchToInngest(
        pool,
        { runId: run.id, workflowId: run.workflow_id },
        dispatch.sendInngestEvent,
        randomUUID(),
      );
      outcomes.push(result);
    } catch {
      outcomes.push({
        ok: false,
        originRunId: result.originRunId,
        runId: run.id,
        code: 'INTERNAL',
        message: `Run ${run.id} was queued to replay ${result.originRunId} but Inngest did not accept it; it is marked failed and can be replayed again.`,
      });
    }
  }
  return outcomes;
}
