import { z } from 'zod';
import { getRunDocuments, ZRunDocumentsSchema } from '../../../documents/run-documents.ts';
import { getEnginePool } from '../../../engine/pool.ts';
import { procedureFor } from '../../trpc.ts';

/**
 * `run.documents`: the documents a run was handed, what it read from them round by round (each
 * field's value, grounding verdict and evidence) and reviewers' corrections. A requester sees
 * only their own runs (another's is NOT_FOUND).
 */
export const getRunDocumentsProcedure = procedureFor('requester', 'reviewer', 'operations')
  .input(z.object({ id: z.string().min(1).max(100) }))
  .output(ZRunDocumentsSchema)
  .query(({ ctx, input }) =>
    getRunDocuments(getEnginePool(), {
      runId: input.id,
      requestedById: ctx.user.role === 'requester' ? ctx.user.id : undefined,
    }),
  );
