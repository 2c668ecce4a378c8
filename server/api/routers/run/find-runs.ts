import { z } from 'zod';
import { RunStatus } from '../../../../generated/prisma/enums.ts';
import { findRuns } from '../../../runs/find-runs.ts';
import { procedureFor } from '../../trpc.ts';

export const ZFindRunsInputSchema = z.object({
  limit: z.number().int().min(1).max(100).default(50),
  cursor: z.uuid('Expected a run id').optional(),
});

export const ZFindRunsOutputSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      workflowId: z.string(),
      workflowVersion: z.number().int(),
      status: z.enum(RunStatus),
      createdAt: z.date(),
      finishedAt: z.date().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/**
 * `run.find`: runs, newest first, a page at a time. Operations and reviewers see every run; a
 * requester their own.
 */
export const findRunsProcedure = procedureFor('requester', 'reviewer', 'operations')
  .input(ZFindRunsInputSchema)
  .output(ZFindRunsOutputSchema)
  .query(({ ctx, input }) =>
    findRuns(ctx.db, {
      ...input,
      requestedById: ctx.user.role === 'requester' ? ctx.user.id : undefined,
    }),
  );
