import { z } from 'zod';
import { getEnginePool } from '../../../engine/pool.ts';
import { getReviewItem } from '../../../review/queue/get-review-item.ts';
import { ZReviewDetailSchema } from '../../../review/queue/schemas.ts';
import { procedureFor } from '../../trpc.ts';

/**
 * `review.get`: the detail pane of one item (plan, tool outputs, validation results, proposed
 * writes with their diffs, model calls); NOT_FOUND for an unknown id.
 */
export const getReviewItemProcedure = procedureFor('reviewer')
  .input(z.object({ id: z.string().min(1).max(100) }))
  .output(ZReviewDetailSchema)
  .query(({ input }) => getReviewItem(getEnginePool(), input.id));
