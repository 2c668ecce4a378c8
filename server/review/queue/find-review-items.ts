/**
 * The review queue: pending and escalated items, oldest first, a page at a time, with how many
 * match in all. Keyset pagination on (created_at, id) served by the partial index
 * `review_items_open_queue_idx`; the reason filter uses jsonb containment, served by the GIN
 * index `review_items_open_reasons_idx`. One query for the page, one for the count.
 */
import { z } from 'zod';
import type { Queryable } from '../../engine/store.ts';
import { decodeQueueCursor, encodeQueueCursor } from './queue-cursor.ts';
import {
  type TQueueItem,
  type TQueuePage,
  ZQueueReasonSchema,
  ZQueueSummarySchema,
  ZRiskSchema,
} from './schemas.ts';
import { workflowTitleOf } from './workflow-title.ts';

/** The filters and page of `review.list`. */
export const ZFindReviewItemsSchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  workflowId: z.string().min(1).max(200).optional(),
  /** A reason code: items flagged for it (among others). */
  reason: z.string().min(1).max(200).optional(),
  risk: ZRiskSchema.optional(),
  /** Items waiting at least this long. */
  minAgeMinutes: z.number().min(0).max(10_000_000).optional(),
  /** Items waiting at most this long. */
  maxAgeMinutes: z.number().min(0).max(10_000_000).optional(),
});
export type TFindReviewItemsParams = z.input<typeof ZFindReviewItemsSchema>;

/** A queue row as the database returns it. */
export const ZQueueRowSchema = z.object({
  id: z.string(),
  run_id: z.string(),
  workflow_id: z.string(),
  created_at: z.date(),
  risk: ZRiskSchema,
  status: z.enum(['pending', 'escalated']),
  reasons: z.array(ZQueueReasonSchema).catch([]),
  summary: ZQueueSummarySchema.catch({ title: '', figures: [], targets: [] }),
  requester_id: z.string().nullable(),
  requester_name: z.string().nullable(),
});

/** The columns of a queue row (the detail pane reads the same ones, and more). */
export const QUEUE_COLUMNS = `ri.id, ri.run_id, r.workflow_id, ri.created_at, ri.risk, ri.status,
  ri.reasons, ri.summary, u.id AS requester_id, u.name AS requester_name`;

/** Where a queue row's columns come from: the item, its run and who requested the run. */
export const QUEUE_FROM = `FROM review_items ri
  JOIN runs r ON r.id = ri.run_id
  LEFT JOIN users u ON u.id = r.requested_by_id`;

/** A queue row as the console shows it; `status` is the row's own. */
export function toQueueItem<TStatus extends string>(
  row: Omit<z.infer<typeof ZQueueRowSchema>, 'status'> & { status: TStatus },
): Omit<TQueueItem, 'status'> & { status: TStatus } {
  return {
    id: row.id,
    runId: row.run_id,
    workflowId: row.workflow_id,
    workflowTitle: workflowTitleOf(row.workflow_id),
    requester:
      row.requester_id === null ? null : { id: row.requester_id, name: row.requester_name ?? '' },
    createdAt: row.created_at,
    risk: row.risk,
    status: row.status,
    reasons: row.reasons,
    summary: row.summary,
  };
}

/** The WHERE conditions of the filters, with their values from `$<first>` on. */
function filtersOf(params: z.output<typeof ZFindReviewItemsSchema>, first: number) {
  const conditions = [`ri.status IN ('pending', 'escalated')`];
  const values: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(`$${first + values.length - 1}`));
  };
  if (params.workflowId !== undefined) add((p) => `r.workflow_id = ${p}`, params.workflowId);
  if (params.reason !== undefined) {
    add((p) => `ri.reasons @> ${p}::jsonb`, JSON.stringify([{ code: params.reason }]));
  }
  if (params.risk !== undefined) add((p) => `ri.risk = ${p}::"Risk"`, params.risk);
  if (params.minAgeMinutes !== undefined) {
    add((p) => `ri.created_at <= now() - ${p}::float8 * interval '1 minute'`, params.minAgeMinutes);
  }
  if (params.maxAgeMinutes !== undefined) {
    add((p) => `ri.created_at >= now() - ${p}::float8 * interval '1 minute'`, params.maxAgeMinutes);
  }
  return { conditions, values };
}

/**
 * A page of the queue in queue order (oldest first, the id breaking ties) after `cursor`, and
 * `total`, the number of items matching the filters on every page. BAD_INPUT for a cursor this
 * API did not hand out.
 */
export async function findReviewItems(
  db: Queryable,
  input: TFindReviewItemsParams,
): Promise<TQueuePage> {
  const params = ZFindReviewItemsSchema.parse(input);
  const after = params.cursor === undefined ? null : decodeQueueCursor(params.cursor);
  const filters = filtersOf(params, 1);
  const pageConditions = [...filters.conditions];
  const pageValues = [...filters.values];
  if (after) {
    pageValues.push(after.createdAt, after.id);
    const n = pageValues.length;
    pageConditions.push(`(ri.created_at, ri.id) > ($${n - 1}::timestamptz, $${n}::uuid)`);
  }
  pageValues.push(params.limit + 1);
  const pageSql = `SELECT ${QUEUE_COLUMNS} ${QUEUE_FROM}
    WHERE ${pageConditions.join(' AND ')}
    ORDER BY ri.created_at, ri.id
    LIMIT $${pageValues.length}`;
  // The count joins runs only when a filter needs the run.
  const countSql = `SELECT count(*)::int AS total FROM review_items ri
    ${params.workflowId === undefined ? '' : 'JOIN runs r ON r.id = ri.run_id'}
    WHERE ${filters.conditions.join(' AND ')}`;
  const [page, count] = await Promise.all([
    db.query(pageSql, pageValues),
    db.query(countSql, filters.values),
  ]);
  const rows = z.array(ZQueueRowSchema).parse(page.rows);
  const items = rows.slice(0, params.limit).map(toQueueItem);
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
