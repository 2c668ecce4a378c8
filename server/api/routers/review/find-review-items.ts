import { getEnginePool } from '../../../engine/pool.ts';
import {
  findReviewItems,
  ZFindReviewItemsSchema,
} from '../../../review/queue/find-review-items.ts';
import { ZQueuePageSchema } from '../../../review/queue/schemas.ts';
import { procedureFor } from '../../trpc.ts';

/**
 * `review.list`: the queue, oldest first, a page at a time (an opaque cursor), filtered by
 * workflow, reason code, risk and age, with `total`, how many match in all.
 */
export const findReviewItemsProcedure = procedureFor('reviewer')
  .input(ZFindReviewItemsSchema.default({ limit: 100 }))
  .output(ZQueuePageSchema)
  .query(({ input }) => findReviewItems(getEnginePool(), input));
