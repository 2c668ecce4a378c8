import { z } from 'zod';
import { getEnginePool } from '../../../engine/pool.ts';
import { parseServerEnv } from '../../../env.ts';
import { correctReviewItem, ZCorrectReviewItemSchema } from '../../../review/correct.ts';
import { engineDispatch } from '../../../runs/engine-dispatch.ts';
import { toolRegistry } from '../../../tools/index.ts';
import { procedureFor } from '../../trpc.ts';

const ZValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * `review.correct`: a reviewer corrects fields the run read from its document. The item closes
 * as superseded; the run proposes its writes again on the corrected values and opens a new item.
 * BAD_INPUT names each value that does not fit its field; DECISION_CONFLICT when the item was
 * decided meanwhile; FORBIDDEN for a run the reviewer requested.
 */
export const correctReviewItemProcedure = procedureFor('reviewer')
  .input(ZCorrectReviewItemSchema)
  .output(
    z.object({
      reviewItemId: z.string(),
      runId: z.string(),
      corrected: z.array(
        z.object({ field: z.string(), label: z.string(), from: ZValue, to: ZValue }),
      ),
      warning: z.string().optional(),
    }),
  )
  .mutation(({ ctx, input }) =>
    correctReviewItem(
      getEnginePool(),
      { registry: toolRegistry, dispatch: engineDispatch(parseServerEnv()) },
      ctx.user.id,
      input,
    ),
  );
