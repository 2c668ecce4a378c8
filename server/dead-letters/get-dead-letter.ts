/**
 * One dead-lettered run for the inspector: the dead letter (its open one, else the latest), the
 * run's input, the workflow's input JSON Schema for the corrected-input editor, and the failed
 * step's checkpoint with every attempt.
 */
import { z } from 'zod';
import { AppError } from '../app-error.ts';
import type { WorkflowRegistry } from '../engine/define-workflow.ts';
import type { Queryable } from '../engine/store.ts';
import {
  DEAD_LETTER_COLUMNS,
  toDeadLetterRow,
  ZDeadLetterDbRowSchema,
} from './find-dead-letters.ts';
import { type TDeadLetterDetail, ZStepAttemptSchema } from './schemas.ts';

const ZDetailRowSchema = ZDeadLetterDbRowSchema.extend({
  stack: z.string().nullable(),
  resolution: z.enum(['replayed', 'discarded']).nullable(),
  resolution_note: z.string().nullable(),
  resolved_at: z.date().nullable(),
  run_status: z.string(),
});

const ZCheckpointRowSchema = z.object({
  step_id: z.string(),
  tool_name: z.string().nullable(),
  status: z.string(),
  attempt_count: z.number().int(),
  attempts: z.array(ZStepAttemptSchema).catch([]),
  error: z.unknown(),
});

/**
 * The input a person may type to replay the run, as a JSON Schema, or null if unregistered: the
 * document run's input for a run that was handed a document, else the typed fields.
 */
function inputSchemaOf(registry: WorkflowRegistry, workflowId: string, input: unknown) {
  const workflow = registry.get(workflowId);
  if (!workflow) return null;
  const handedDocument =
    input !== null &&
    typeof input === 'object' &&
    'documentId' in input &&
    workflow.forms?.document;
  const schema = handedDocument || (workflow.forms?.typed ?? workflow.input);
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

/** The run's dead letter and what operations need to decide; NOT_FOUND when it has none. */
export async function getDeadLetter(
  db: Queryable,
  registry: WorkflowRegistry,
  params: { runId: string },
): Promise<TDeadLetterDetail> {
  const { rows } = await db.query(
    `SELECT ${DEAD_LETTER_COLUMNS}, dl.stack, dl.resolution, dl.resolution_note, dl.resolved_at,
            r.status AS run_status
       FROM dead_letters dl JOIN runs r ON r.id = dl.run_id
      WHERE dl.run_id = $1
      ORDER BY dl.resolved_at IS NULL DESC, dl.created_at DESC LIMIT 1`,
    [params.runId],
  );
  const row = ZDetailRowSchema.optional().parse(rows[0]);
  if (!row) throw new AppError('NOT_FOUND', `Run ${params.runId} has no dead letter.`);
  const checkpoint = await db.query(
    `SELECT step_id, tool_name, status, attempt_count, attempts, error
       FROM step_checkpoints WHERE run_id = $1 AND step_id = $2`,
    [row.run_id, row.step_id],
  );
  const step = ZCheckpointRowSchema.optional().parse(checkpoint.rows[0]);
  return {
    deadLetter: {
      ...toDeadLetterRow(row),
      stack: row.stack,
      resolution: row.resolution,
      resolutionNote: row.resolution_note,
      resolvedAt: row.resolved_at,
    },
    run: { id: row.run_id, status: row.run_status, input: row.input },
    inputSchema: inputSchemaOf(registry, row.workflow_id, row.input),
    failedStep: step
      ? {
          stepId: step.step_id,
          toolName: step.tool_name,
          status: step.status,
          attemptCount: step.attempt_count,
          attempts: step.attempts,
          error: step.error,
        }
      : null,
  };
}
