/**
 * Replaying dead letters from the admin: only runs with an open dead letter are replayed (one
 * already replayed or discarded is refused, saying how it was resolved), corrected input is
 * checked against each workflow's schema before anything is replayed, then requestReplayMany
 * replays each run in its own transaction, audited as the operator, and answers per run.
 */
import { z } from 'zod';
import { AppError } from '../app-error.ts';
import type { WorkflowRegistry } from '../engine/define-workflow.ts';
import type { Queryable } from '../engine/store.ts';
import { requestReplayMany, type TEngineDispatch } from '../runs/request-run.ts';
import type { TReplayOutcome } from './schemas.ts';

/** A replay as the admin asks for it. */
export interface TReplayDeadLettersParams {
  runIds: string[];
  mode: 'from_failed_step' | 'from_start' | 'with_input';
  input?: unknown;
  actorId: string;
}

const ZStateRowSchema = z.object({
  run_id: z.string(),
  workflow_id: z.string(),
  is_open: z.boolean(),
  resolution: z.string().nullable(),
  resolution_note: z.string().nullable(),
});

/** Each named run's latest dead letter: open or how it was resolved. */
async function deadLetterStates(db: Queryable, runIds: string[]) {
  const { rows } = await db.query(
    `SELECT DISTINCT ON (dl.run_id) dl.run_id, r.workflow_id, dl.resolved_at IS NULL AS is_open,
            dl.resolution, dl.resolution_note
       FROM dead_letters dl JOIN runs r ON r.id = dl.run_id
      WHERE dl.run_id = ANY($1::uuid[])
      ORDER BY dl.run_id, dl.resolved_at IS NULL DESC, dl.created_at DESC`,
    [runIds],
  );
  return new Map(
    z
      .array(ZStateRowSchema)
      .parse(rows)
      .map((row) => [row.run_id, row]),
  );
}

/** Why a run without an open dead letter is not replayed. */
function refusalOf(runId: string, state: z.infer<typeof ZStateRowSchema> | undefined) {
  if (!state) {
    return { code: 'NOT_FOUND', message: `Run ${runId} has no dead letter.` };
  }
  const how = state.resolution === 'discarded' ? 'discarded' : 'already replayed';
  const note = state.resolution_note ? ` (${state.resolution_note})` : '';
  return {
    code: 'RUN_NOT_REPLAYABLE',
    message: `Run ${runId} was ${how}${note}; its dead letter is closed.`,
  };
}

/**
 * Checks the corrected input against the schema of every workflow among the runs; BAD_INPUT
 * (with the ZodError as its cause, for the field errors) before anything is replayed.
 */
function assertInputFits(registry: WorkflowRegistry, workflowIds: Set<string>, input: unknown) {
  if (input === undefined) {
    throw new AppError('BAD_INPUT', 'Replaying with corrected input needs the input.');
  }
  for (const workflowId of workflowIds) {
    const workflow = registry.get(workflowId);
    if (!workflow) continue; // replayRun refuses it per run, saying the workflow is unknown
    const parsed = workflow.input.safeParse(input);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
      );
      throw new AppError(
        'BAD_INPUT',
        `The corrected input does not fit ${workflow.title}: ${problems.join('; ')}`,
        { cause: parsed.error },
      );
    }
  }
}

/**
 * Replays the runs' open dead letters in one mode as `actorId`, answering per run in the order
 * asked: the run that executes now (the same run from the failed step, a new linked run
 * otherwise), or why it was refused. Other runs go ahead when one is refused.
 */
export async function replayDeadLetters(
  pool: Parameters<typeof requestReplayMany>[0],
  registry: WorkflowRegistry,
  dispatch: Pick<TEngineDispatch, 'sendInngestEvent'>,
  params: TReplayDeadLettersParams,
): Promise<TReplayOutcome[]> {
  const runIds = [...new Set(params.runIds)];
  const states = await deadLetterStates(pool, runIds);
  const open = runIds.filter((runId) => states.get(runId)?.is_open === true);
  if (params.mode === 'with_input') {
    const workflowIds = new Set(open.flatMap((runId) => states.get(runId)?.workflow_id ?? []));
    assertInputFits(registry, workflowIds, params.input);
  }
  const replayed =
    open.length === 0
      ? []
      : await requestReplayMany(
          pool,
          registry,
          { runIds: open, mode: params.mode, input: params.input, actorId: params.actorId },
          dispatch,
        );
  const byOrigin = new Map(replayed.map((outcome) => [outcome.originRunId, outcome]));
  return runIds.map((runId): TReplayOutcome => {
    const outcome = byOrigin.get(runId);
    if (outcome) return outcome;
    return { ok: false, originRunId: runId, runId: null, ...refusalOf(runId, states.get(runId)) };
  });
}
