import { z } from 'zod';
import { getEnginePool } from '../../../engine/pool.ts';
import { parseServerEnv } from '../../../env.ts';
import { MAX_DECISIONS, ZReviewDecisionSchema } from '../../../review/decision-schema.ts';
import { decideQueueItems } from '../../../review/queue/decide-queue-items.ts';
import { engineDispatch } from '../../../runs/engine-dispatch.ts';
import { procedureFor } from '../../trpc.ts';

const ZDecideResultSchema = z.union([
  z.object({
    reviewItemId: z.string(),
    ok: z.literal(true),
    status: z.enum(['approved', 'rejected']),
    warning: z.string().optional(),
  }),
  z.object({
    reviewItemId: z.string(),
    ok: z.literal(false),
    code: z.string(),
    message: z.string(),
  }),
]);

/**
 * `review.decide`: one verdict or a batch of up to 1000, answered per item (decided, or refused:
 * NOT_FOUND, DECISION_CONFLICT, FORBIDDEN for a run the reviewer requested). A rejection's
 * reason must be one of `review.reasons` (BAD_INPUT otherwise, nothing decided).
 */
export const decideReviewItemsProcedure = procedureFor('reviewer')
  .input(z.object({ decisions: z.array(ZReviewDecisionSchema).min(1).max(MAX_DECISIONS) }))
  .output(z.array(ZDecideResultSchema))
  .mutation(({ ctx, input }) =>
    decideQueueItems(getEnginePool(), engineDispatch(parseServerEnv()), {
      actorId: ctx.user.id,
      decisions: input.decisions,
    }),
  );
