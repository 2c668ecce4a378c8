/**
 * The dead-letter queue by root cause: open dead letters grouped by `group_key` (workflow, step,
 * error class and normalised message; see server/engine/dead-letter-group.ts), biggest first.
 */
import { z } from 'zod';
import { normaliseErrorMessage } from '../engine/dead-letter-group.ts';
import type { Queryable } from '../engine/store.ts';
import { workflowTitleOf } from '../review/queue/workflow-title.ts';
import { openDeadLetterConditions } from './filters.ts';
import {
  type TDeadLetterFilters,
  type TDeadLetterGroup,
  ZDeadLetterFiltersSchema,
} from './schemas.ts';

const ZGroupRowSchema = z.object({
  group_key: z.string(),
  workflow_id: z.string(),
  step_id: z.string(),
  error_class: z.string(),
  sample_message: z.string(),
  count: z.number().int(),
  oldest_at: z.date(),
  newest_at: z.date(),
});

/** The groups of open dead letters matching the filters, the biggest first, then the oldest. */
export async function findDeadLetterGroups(
  db: Queryable,
  input: TDeadLetterFilters,
): Promise<TDeadLetterGroup[]> {
  const filters = ZDeadLetterFiltersSchema.parse(input);
  const { conditions, values } = openDeadLetterConditions(filters);
  const { rows } = await db.query(
    `SELECT dl.group_key, r.workflow_id, dl.step_id, dl.error_class,
            (array_agg(dl.message ORDER BY dl.created_at DESC))[1] AS sample_message,
            count(*)::int AS count, min(dl.created_at) AS oldest_at, max(dl.created_at) AS newest_at
       FROM dead_letters dl JOIN runs r ON r.id = dl.run_id
      WHERE ${conditions.join(' AND ')}
      GROUP BY dl.group_key, r.workflow_id, dl.step_id, dl.error_class
      ORDER BY count DESC, oldest_at, dl.group_key
      LIMIT 1000`,
    values,
  );
  return z
    .array(ZGroupRowSchema)
    .parse(rows)
    .map((row) => ({
      groupKey: row.group_key,
      workflowId: row.workflow_id,
      workflowTitle: workflowTitleOf(row.workflow_id),
      stepId: row.step_id,
      errorClass: row.error_class,
      normalisedMessage: normaliseErrorMessage(row.sample_message),
      sampleMessage: row.sample_message,
      count: row.count,
      oldestAt: row.oldest_at,
      newestAt: row.newest_at,
    }));
}
