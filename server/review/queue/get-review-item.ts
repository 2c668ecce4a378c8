/**
 * The detail pane of one review item: the item with its proposed writes, the run, the plan it
 * follows, what each tool step read or wrote, the validation results and the model calls.
 * Six small indexed queries, run together.
 */
import { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { Queryable } from '../../engine/store.ts';
import { QUEUE_COLUMNS, QUEUE_FROM, toQueueItem, ZQueueRowSchema } from './find-review-items.ts';
import {
  type TReviewDetail,
  ZProposedWriteSchema,
  ZReviewDetailSchema,
  ZReviewPlanSchema,
} from './schemas.ts';
import { workflowTitleOf } from './workflow-title.ts';

const ZItemRowSchema = ZQueueRowSchema.extend({
  status: ZReviewDetailSchema.shape.item.shape.status,
  proposed_writes: z.array(ZProposedWriteSchema).catch([]),
  writes_hash: z.string(),
  run_input: z.unknown(),
  run_status: z.string(),
  run_created_at: z.date(),
});

/** The accepted outcome of a `plan` checkpoint; anything else (a rejected one) is no plan. */
const ZPlanOutputSchema = z.object({
  status: z.literal('accepted'),
  planner: z.string(),
  plan: ZReviewPlanSchema.omit({ planner: true }),
});

/** The plan the run follows, or null when it has none (planning failed or never ran). */
function planOf(output: unknown): TReviewDetail['plan'] {
  const parsed = ZPlanOutputSchema.safeParse(output);
  if (!parsed.success) return null;
  const { plan, planner } = parsed.data;
  return { ...plan, planner };
}

const ZModelCallRowSchema = z.object({
  provider: z.string(),
  model: z.string(),
  latency_ms: z.number().int(),
  input_tokens: z.number().int().nullable(),
  output_tokens: z.number().int().nullable(),
  error_class: z.string().nullable(),
  check_ok: z.boolean().nullable(),
});

/** Everything the detail pane shows for the item; NOT_FOUND for an unknown id. */
export async function getReviewItem(db: Queryable, reviewItemId: string): Promise<TReviewDetail> {
  if (!z.uuid().safeParse(reviewItemId).success) {
    throw new AppError('NOT_FOUND', `There is no review item "${reviewItemId}".`);
  }
  const item = await db.query(
    `SELECT ${QUEUE_COLUMNS}, ri.proposed_writes, ri.writes_hash, r.input AS run_input,
       r.status::text AS run_status, r.created_at AS run_created_at
     ${QUEUE_FROM}
     WHERE ri.id = $1`,
    [reviewItemId],
  );
  const row = ZItemRowSchema.optional().parse(item.rows[0]);
  if (!row) throw new AppError('NOT_FOUND', `There is no review item "${reviewItemId}".`);
  const runId = row.run_id;
  const [plan, steps, validation, calls] = await Promise.all([
    db.query(`SELECT output FROM step_checkpoints WHERE run_id = $1 AND step_id = 'plan'`, [runId]),
    db.query(
      `SELECT step_id AS "stepId", tool_name AS "toolName", status::text AS status,
         attempt_count AS "attemptCount", output, error
       FROM step_checkpoints WHERE run_id = $1 AND kind = 'tool' ORDER BY started_at, step_id`,
      [runId],
    ),
    db.query(
      // Each rule's latest verdict: after a correction the run checked again, and what the item
      // was opened on is the latest (the first pass's verdicts stay on the run's timeline).
      `SELECT rule, severity, passed, message, details FROM (
         SELECT DISTINCT ON (rule) rule, severity::text AS severity, passed, message, details, created_at
         FROM validation_results WHERE run_id = $1 ORDER BY rule, created_at DESC, id DESC) latest
       ORDER BY created_at, rule`,
      [runId],
    ),
    db.query(
      `SELECT provider, model, latency_ms, input_tokens, output_tokens,
         error->>'errorClass' AS error_class, (check_results->>'ok')::boolean AS check_ok
       FROM model_calls WHERE run_id = $1 ORDER BY created_at`,
      [runId],
    ),
  ]);
  const queueItem = toQueueItem(row);
  return ZReviewDetailSchema.parse({
    item: { ...queueItem, proposedWrites: row.proposed_writes, writesHash: row.writes_hash },
    run: {
      id: runId,
      workflowId: row.workflow_id,
      workflowTitle: workflowTitleOf(row.workflow_id),
      input: row.run_input,
      requester: queueItem.requester,
      createdAt: row.run_created_at,
      status: row.run_status,
    },
    plan: planOf(plan.rows[0]?.output),
    steps: steps.rows,
    validation: validation.rows,
    modelCalls: z
      .array(ZModelCallRowSchema)
      .parse(calls.rows)
      .map((call) => ({
        provider: call.provider,
        model: call.model,
        latencyMs: call.latency_ms,
        inputTokens: call.input_tokens,
        outputTokens: call.output_tokens,
        errorClass: call.error_class,
        checkOk: call.check_ok,
      })),
  });
}
