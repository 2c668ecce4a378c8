import { z } from 'zod';
import { RunStatus } from '../../../../generated/prisma/enums.ts';
import { getCounts } from '../../../dashboard/get-counts.ts';
import { procedureFor } from '../../trpc.ts';

const count = z.number().int().nonnegative();

export const ZGetCountsInputSchema = z
  .object({
    /** Count only this workflow's runs, review items and dead letters. */
    workflowId: z.string().trim().min(1, 'Enter a workflow id').max(200).optional(),
  })
  .default({});

export const ZGetCountsOutputSchema = z.object({
  runsByStatus: z.record(z.enum(RunStatus), count),
  runsTotal: count,
  reviewPending: count,
  deadLettersOpen: count,
});

/**
 * `dashboard.getCounts`: runs by status, pending review items and open dead letters. Every role
 * sees the figures; a requester's count only the runs they requested.
 */
export const getCountsProcedure = procedureFor('requester', 'reviewer', 'operations', 'admin')
  .input(ZGetCountsInputSchema)
  .output(ZGetCountsOutputSchema)
  .query(({ ctx, input }) =>
    getCounts(ctx.db, {
      ...input,
      requestedById: ctx.user.role === 'requester' ? ctx.user.id : undefined,
    }),
  );
