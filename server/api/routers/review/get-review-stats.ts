import { getEnginePool } from '../../../engine/pool.ts';
import { getReviewStats } from '../../../review/queue/get-review-stats.ts';
import { ZReviewStatsSchema } from '../../../review/queue/schemas.ts';
import { procedureFor } from '../../trpc.ts';

/** `review.stats`: what is left in the queue, and the signed-in reviewer's current sitting. */
export const getReviewStatsProcedure = procedureFor('reviewer')
  .output(ZReviewStatsSchema)
  .query(({ ctx }) => getReviewStats(getEnginePool(), ctx.user.id));
