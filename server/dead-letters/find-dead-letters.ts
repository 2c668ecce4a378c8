/**
 * Open dead letters, oldest first, a page at a time (keyset on created_at, id behind an opaque
 * cursor), optionally of one root-cause group, with the run's input and how many match in all.
 */
import { z } from 'zod';
import type { Queryable } from '../engine/store.ts';
import { decodeQueueCursor, encodeQueueCursor } from '../review/queue/queue-cursor.ts';
import { workflowTitleOf } from '../review/queue/workflow-title.ts';
import { openDeadLetterConditions } from './filters.ts';
import { type TDeadLetterPage, ZDeadLetterFiltersSchema } from './schemas.ts';

/** The parameters of `deadLetter.list`. */
export const ZFindDeadLettersSchema = ZDeadLetterFiltersSchema.extend({
  groupKey: z.string().min(1).max(400).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type TFindDeadLettersParams = z.input<typeof ZFindDeadLettersSchema>;

/** The columns of a dead-letter row (the detail reads the same ones, and more). */
export const DEAD_LETTER_COLUMNS = `dl.id, dl.run_id, dl.group_key, r.workflow_id, dl.step_id,
  dl.error_class, dl.message, dl.attempts, dl.created_at, r.input`;

/** A dead-letter row as the database returns it. */
export const ZDeadLetterDbRowSchema = z.object({
  id: z.string(),
  run_id: z.string(),
  group_key: z.string(),
  workflow_id: z.string(),
  step_id: z.string(),
  error_class: z.string(),
  message: z.string(),
  attempts: z.number().int(),
  created_at: z.date(),
  input: z.unknown(),
});

/** A database row as the API shows it. */
export function toDeadLetterRow(row: z.infer<typeof ZDeadLetterDbRowSchema>) {
  return {
    id: row.id,
    runId: row.run_id,
    groupKey: row.group_key,
    workflowId: row.workflow_id,
    workflowTitle: workflowTitleOf(row.workflow_id),
    stepId: row.step_id,
    errorClass: row.error_class,
    message: row.message,
    attempts: row.attempts,
    createdAt: row.created_at,
    input: row.input,
  };
}

/** A page of open dead letters after `cursor`; BAD_INPUT for a cursor this API did not hand out. */
export async function findDeadLetters(
  db: Queryable,
  input: TFindDeadLettersParams,
): Promise<TDeadLetterPage> {
  const params = ZFindDeadLettersSchema.parse(input);
  const after = params.cursor === undefined ? null : decodeQueueCursor(params.cursor);
  const filters = openDeadLetterConditions(params);
  const pageConditions = [...filters.conditions];
  const pageValues = [...filters.values];
  if (after) {
    pageValues.push(after.createdAt, after.id);
    const n = pageValues.length;
    pageConditions.push(`(dl.created_at, dl.id) > ($${n - 1}::timestamptz, $${n}::uuid)`);
  }
  pageValues.push(params.limit + 1);
  const from = 'FROM dead_letters dl JOIN runs r ON r.id = dl.run_id';
  const [page, count] = await Promise.all([
    db.query(
      `SELECT ${DEAD_LETTER_COLUMNS} ${from} WHERE ${pageConditions.join(' AND ')}
       ORDER BY dl.created_at, dl.id LIMIT $${pageValues.length}`,
      pageValues,
    ),
    db.query(
      `SELECT count(*)::int AS total ${from} WHERE ${filters.conditions.join(' AND ')}`,
      filters.values,
    ),
  ]);
  const rows = z.array(ZDeadLetterDbRowSchema).parse(page.rows);
  const items = rows.slice(0, params.limit).map(toDeadLetterRow);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > params.limit && last
        ? encodeQueueCursor({ createdAt: last.createdAt, id: last.id })
        : null,
    total: z.object({ total: z.number().int() }).parse(count.rows[0]).total,
  };
}
