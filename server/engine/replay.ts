/**
 * Replaying and discarding dead-lettered runs, the operations team's way to recover without an
 * engineer. Every replay is audited and linked to its origin; the dead letter records how it was
 * resolved, by whom and when.
 */
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../app-error.ts';
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import {
  attachDocument,
  carryRunDocuments,
  inputDocumentId,
  requireInputDocument,
} from '../documents/store.ts';
import type { WorkflowRegistry } from './define-workflow.ts';
import {
  assertRunId,
  insertRun,
  parseWorkflowInput,
  requireWorkflow,
  type TEngineKind,
} from './runs.ts';
import { RUNS_CHANNEL } from './store.ts';
import { withTransaction } from './transaction.ts';

/** `from_failed_step` keeps the run and its finished steps; the others start a new, linked run. */
export type TReplayMode = 'from_failed_step' | 'from_start' | 'with_input';

export interface ReplayParams {
  runId: string;
  mode: TReplayMode;
  /** The corrected input, for `with_input`. */
  input?: unknown;
  actorId?: string | null;
}

export interface ReplayResult {
  /** The run that will execute: the same run for `from_failed_step`, else the new one. */
  runId: string;
  originRunId: string;
  mode: TReplayMode;
}

const ZOriginSchema = z.object({
  id: z.string(),
  workflow_id: z.string(),
  status: z.string(),
  input: z.unknown(),
  engine: z.enum(['embedded', 'inngest']),
  requested_by_id: z.string().nullable(),
});

const REPLAYABLE = ['dead', 'failed', 'cancelled'];

async function resolveDeadLetters(
  client: pg.PoolClient,
  runId: string,
  actorId: string | null,
  note: string,
): Promise<string | null> {
  const { rows } = await client.query(
    `UPDATE dead_letters SET resolution = 'replayed', resolved_by_id = $2, resolved_at = now(), resolution_note = $3
     WHERE run_id = $1 AND resolved_at IS NULL RETURNING id, step_id`,
    [runId, actorId, note],
  );
  return z.object({ step_id: z.string() }).optional().parse(rows[0])?.step_id ?? null;
}

/**
 * A replay from the start runs every tool again, but on the plan the origin had accepted: the
 * model is not asked twice for the same input. (With corrected input, the run plans again.)
 */
async function carryAcceptedPlan(client: pg.PoolClient, originId: string, runId: string) {
  await client.query(
    `INSERT INTO step_checkpoints (run_id, step_id, kind, tool_name, status, attempt_count, attempts,
       output, started_at, finished_at)
     SELECT $2, step_id, kind, tool_name, status, attempt_count, attempts, output, started_at, finished_at
     FROM step_checkpoints
     WHERE run_id = $1 AND kind = 'plan' AND status = 'succeeded' AND output->>'status' = 'accepted'`,
    [originId, runId],
  );
}

async function replayInTransaction(
  client: pg.PoolClient,
  registry: WorkflowRegistry,
  params: ReplayParams,
): Promise<ReplayResult> {
  assertRunId(params.runId);
  const { rows } = await client.query(
    'SELECT id, workflow_id, status, input, engine, requested_by_id FROM runs WHERE id = $1 FOR UPDATE',
    [params.runId],
  );
  const origin = ZOriginSchema.optional().parse(rows[0]);
  if (!origin) throw new AppError('NOT_FOUND', `There is no run ${params.runId}.`);
  if (!REPLAYABLE.includes(origin.status)) {
    throw new AppError(
      'RUN_NOT_REPLAYABLE',
      `Run ${origin.id} is ${origin.status}; only dead, failed or cancelled runs can be replayed.`,
    );
  }
  const workflow = requireWorkflow(registry, origin.workflow_id);
  const actorId = params.actorId ?? null;
  if (origin.status === 'dead') {
    // Checked under the run's lock: two operators replaying at once cannot both get through.
    const { rows: open } = await client.query(
      'SELECT 1 FROM dead_letters WHERE run_id = $1 AND resolved_at IS NULL LIMIT 1',
      [origin.id],
    );
    if (open.length === 0) {
      throw new AppError(
        'RUN_NOT_REPLAYABLE',
        `Run ${origin.id} was already replayed or its dead letter discarded; replay the newer run instead.`,
      );
    }
  }

  if (params.mode === 'from_failed_step') {
    if (origin.status !== 'dead') {
      throw new AppError(
        'RUN_NOT_REPLAYABLE',
        `Run ${origin.id} is ${origin.status}, not dead: there is no failed step to replay from. Replay it from the start.`,
      );
    }
    // Compensated writes were undone downstream, but stay memoized here (and their idempotency
    // keys are spent): resuming would skip them. Only a new run can write them again.
    const { rows: compensations } = await client.query(
      `SELECT 1 FROM step_checkpoints WHERE run_id = $1 AND kind = 'compensate' LIMIT 1`,
      [origin.id],
    );
    if (compensations.length > 0) {
      throw new AppError(
        'RUN_NOT_REPLAYABLE',
        `Run ${origin.id} had its earlier writes compensated; resuming it would skip them. Replay it from the start.`,
      );
    }
    const failedStep = await resolveDeadLetters(
      client,
      origin.id,
      actorId,
      'replayed from the failed step',
    );
    // Finished steps stay memoized; the failed step (and its fallback) start again with fresh
    // attempts, under the same idempotency keys, so an effect that did happen is not repeated.
    await client.query(`DELETE FROM step_checkpoints WHERE run_id = $1 AND status <> 'succeeded'`, [
      origin.id,
    ]);
    await client.query(
      `UPDATE runs SET status = 'queued', run_after = now(), error = NULL, output = NULL,
         finished_at = NULL, updated_at = now(), lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $1`,
      [origin.id],
    );
    await appendAuditEvent(client, {
      actorId,
      action: 'run.replayed',
      subjectType: 'run',
      subjectId: origin.id,
      data: { mode: params.mode, failedStep },
    });
    await client.query('SELECT pg_notify($1, $2)', [RUNS_CHANNEL, origin.workflow_id]);
    return { runId: origin.id, originRunId: origin.id, mode: params.mode };
  }

  const input =
    params.mode === 'with_input'
      ? parseWorkflowInput(workflow, params.input)
      : parseWorkflowInput(workflow, origin.input);
  // Corrected input may name another document: it must exist, as for a new run.
  const correctedDocumentId = params.mode === 'with_input' ? inputDocumentId(input) : undefined;
  if (correctedDocumentId !== undefined) {
    await requireInputDocument(client, workflow.id, correctedDocumentId);
  }
  const runId = await insertRun(client, workflow, input, {
    workflowId: workflow.id,
    input,
    requestedById: origin.requested_by_id,
    engine: origin.engine satisfies TEngineKind,
    replayOfId: origin.id,
    replayMode: params.mode,
  });
  if (params.mode === 'from_start') {
    await carryAcceptedPlan(client, origin.id, runId);
    // The same input, the same documents.
    await carryRunDocuments(client, origin.id, runId);
  } else if (correctedDocumentId !== undefined) {
    await attachDocument(client, runId, correctedDocumentId);
  }
  await resolveDeadLetters(client, origin.id, actorId, `replayed as run ${runId} (${params.mode})`);
  await appendAuditEvent(client, {
    actorId,
    action: 'run.replay_requested',
    subjectType: 'run',
    subjectId: origin.id,
    data: { mode: params.mode, newRunId: runId },
  });
  return { runId, originRunId: origin.id, mode: params.mode };
}

/**
 * Replays one run: from its failed step (same run, finished steps kept), from the start (a new
 * run linked to it), or from the start with corrected input (validated against the workflow's
 * schema first; a bad input changes nothing).
 */
export async function replayRun(
  pool: pg.Pool,
  registry: WorkflowRegistry,
  params: ReplayParams,
): Promise<ReplayResult> {
  if (params.mode === 'with_input' && params.input === undefined) {
    throw new AppError('BAD_INPUT', 'Replaying with corrected input needs the input.');
  }
  return withTransaction(pool, (client) => replayInTransaction(client, registry, params));
}

export type ReplayManyResult =
  | ({ ok: true } & ReplayResult)
  | { ok: false; originRunId: string; code: string; message: string };

/**
 * Replays many runs in one mode, each in its own transaction, and answers per run: one run that
 * cannot be replayed does not stop the others.
 */
export async function replayMany(
  pool: pg.Pool,
  registry: WorkflowRegistry,
  params: { runIds: string[]; mode: TReplayMode; input?: unknown; actorId?: string | null },
): Promise<ReplayManyResult[]> {
  const results: ReplayManyResult[] = [];
  for (const runId of new Set(params.runIds)) {
    try {
      const result = await replayRun(pool, registry, { ...params, runId });
      results.push({ ok: true, ...result });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ ok: false, originRunId: runId, code: error.code, message: error.message });
    }
  }
  return results;
}

/**
 * Discards a run's open dead letter with a reason: operations decided it needs no replay. The
 * run stays dead; the dead letter records who, when and why.
 */
export async function discardDeadLetter(
  pool: pg.Pool,
  params: { runId: string; reason: string; actorId?: string | null },
): Promise<{ deadLetterId: string }> {
  assertRunId(params.runId);
  const reason = params.reason.trim();
  if (reason === '') throw new AppError('BAD_INPUT', 'Say why the dead letter is discarded.');
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query(
      `UPDATE dead_letters SET resolution = 'discarded', resolved_by_id = $2, resolved_at = now(), resolution_note = $3
       WHERE run_id = $1 AND resolved_at IS NULL RETURNING id`,
      [params.runId, params.actorId ?? null, reason],
    );
    const discarded = z.object({ id: z.string() }).optional().parse(rows[0]);
    if (!discarded) {
      throw new AppError('CONFLICT', `Run ${params.runId} has no open dead letter to discard.`);
    }
    await appendAuditEvent(client, {
      actorId: params.actorId ?? null,
      action: 'dead_letter.discarded',
      subjectType: 'dead_letter',
      subjectId: discarded.id,
      data: { runId: params.runId, reason },
    });
    return { deadLetterId: discarded.id };
  });
}
