import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { getEnginePool } from '../../../engine/pool.ts';
import { parseServerEnv } from '../../../env.ts';
import { engineDispatch } from '../../../runs/engine-dispatch.ts';
import { requestRun } from '../../../runs/request-run.ts';
import { dottedInputError } from '../../../workflows/catalogue/catalogue.ts';
import { registry } from '../../../workflows/index.ts';
import { procedureFor } from '../../trpc.ts';

export const ZStartWorkflowInputSchema = z.object({
  workflowId: z.string().min(1).max(200),
  /** The workflow's input, checked against the workflow's own schema by requestRun. */
  input: z.unknown(),
});

export const ZStartWorkflowOutputSchema = z.object({ runId: z.string() });

/**
 * `workflow.start`: queues a run requested by the caller (audited as run.started) and returns
 * its id. Unknown workflow: NOT_FOUND. Input that fails the workflow's schema: BAD_INPUT with
 * the messages per field in `error.data.fieldErrors`, keyed by dotted path (`contact.email`),
 * and nothing written.
 */
export const startWorkflowProcedure = procedureFor('requester', 'operations')
  .input(ZStartWorkflowInputSchema)
  .output(ZStartWorkflowOutputSchema)
  .mutation(async ({ ctx, input }) => {
    try {
      return await requestRun(
        getEnginePool(),
        registry,
        { workflowId: input.workflowId, input: input.input, requestedById: ctx.user.id },
        engineDispatch(parseServerEnv()),
      );
    } catch (error) {
      const fieldError = dottedInputError(error);
      if (!fieldError) throw error;
      // A zod cause makes the error formatter send BAD_INPUT with fieldErrors and formErrors.
      throw new TRPCError({ code: 'BAD_REQUEST', cause: fieldError });
    }
  });
