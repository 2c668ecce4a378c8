import { z } from 'zod';
import { getEnginePool } from '../../../engine/pool.ts';
import { parseServerEnv } from '../../../env.ts';
import { engineDispatch } from '../../../runs/engine-dispatch.ts';
import { requestCancel } from '../../../runs/request-cancel.ts';
import { procedureFor } from '../../trpc.ts';

export const ZCancelRunInputSchema = z.object({
  id: z.uuid('Expected a run id'),
  reason: z.string().trim().min(3, 'Say why the run is cancelled.').max(500),
});

/**
 * `run.cancel`: operations stop a run that has not finished (audited as run.cancelled, with the
 * reason; on Inngest the function is told too). A finished run is a CONFLICT.
 */
export const cancelRunProcedure = procedureFor('operations')
  .input(ZCancelRunInputSchema)
  .mutation(async ({ ctx, input }) => {
    const result = await requestCancel(
      getEnginePool(),
      { runId: input.id, actorId: ctx.user.id, reason: input.reason },
      engineDispatch(parseServerEnv()),
    );
    return { runId: result.runId, inngest: result.inngest.status };
  });
