import { createTRPCRouter } from '../../trpc.ts';
import { correctReviewItemProcedure } from './correct-review-item.ts';
import { decideReviewItemsProcedure } from './decide-review-items.ts';
import { findReviewItemsProcedure } from './find-review-items.ts';
import { getReviewItemProcedure } from './get-review-item.ts';
import { getReviewStatsProcedure } from './get-review-stats.ts';
import { listRejectReasonsProcedure } from './list-reject-reasons.ts';

/** The review console's API: the queue, one item's detail, decisions, reasons and figures. */
export const reviewRouter = createTRPCRouter({
  list: findReviewItemsProcedure,
  get: getReviewItemProcedure,
  decide: decideReviewItemsProcedure,
  correct: correctReviewItemProcedure,
  reasons: listRejectReasonsProcedure,
  stats: getReviewStatsProcedure,
});
