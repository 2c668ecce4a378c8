import { z } from 'zod';
import { RunStatus } from '../../../../generated/prisma/enums.ts';
import { findRuns } from '../../../runs/find-runs.ts';
import { procedureFor } from '../../trpc.ts';

/** The runs list's filters, as the page keeps them in its URL. */
export const ZRunFiltersSchema = z.object({
  statuses: z.array(z.enum(RunStatus)).max(10).optional(),
  workflowId: z.string().min(1).max(200).optional(),
  /** A requester's id, or part of their name or email. */
  requester: z.string().min(1).max(200).optional(),
  createdAfter: z.date().optional(),
  createdBefore: z.date().optional(),
  /** Only runs at least this many minutes old (a shortcut for `createdBefore`). */
  minAgeMinutes: z.number().int().min(0).max(525_600).optional(),
  /** Only runs at most this many minutes old (a shortcut for `createdAfter`). */
  maxAgeMinutes: z.number().int().min(0).max(525_600).optional(),
});

export const ZFindRunsInputSchema = ZRunFiltersSchema.extend({
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
      requester: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
      replayOfId: z.string().nullable(),
      createdAt: z.date(),
      updatedAt: z.date(),
      finishedAt: z.date().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** The later of two optional bounds (both narrow the same side of the range). */
function later(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a || !b) return a ?? b;
  return a > b ? a : b;
}

/** The earlier of two optional bounds. */
function earlier(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a || !b) return a ?? b;
  return a < b ? a : b;
}

const minutesAgo = (minutes: number | undefined) =>
  minutes === undefined ? undefined : new Date(Date.now() - minutes * 60_000);

/**
 * `run.find`: runs, newest first, a page at a time, filtered by status, workflow, requester and
 * creation time or age. Operations and reviewers see every run; a requester their own.
 */
export const findRunsProcedure = procedureFor('requester', 'reviewer', 'operations')
  .input(ZFindRunsInputSchema)
  .output(ZFindRunsOutputSchema)
  .query(({ ctx, input }) => {
    const { minAgeMinutes, maxAgeMinutes, createdAfter, createdBefore, ...rest } = input;
    return findRuns(ctx.db, {
      ...rest,
      createdAfter: later(createdAfter, minutesAgo(maxAgeMinutes)),
      createdBefore: earlier(createdBefore, minutesAgo(minAgeMinutes)),
      requestedById: ctx.user.role === 'requester' ? ctx.user.id : undefined,
    });
  });
