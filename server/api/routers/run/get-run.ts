import { z } from 'zod';
import { getRunTimeline } from '../../../runs/get-run-timeline.ts';
import { ZRunTimelineSchema } from '../../../runs/timeline-schema.ts';
import { procedureFor } from '../../trpc.ts';

/**
 * `run.get`: the timeline of one run (plan, steps and attempts, model calls, validation, review
 * decisions, writes, compensations, replays both ways, audit events). A requester sees only
 * their own runs: another's is NOT_FOUND, like an unknown id, so ids are not confirmed.
 */
export const getRunProcedure = procedureFor('requester', 'reviewer', 'operations')
  .input(z.object({ id: z.string().min(1).max(100) }))
  .output(ZRunTimelineSchema)
  .query(({ ctx, input }) =>
    getRunTimeline(ctx.db, {
      runId: input.id,
      requestedById: ctx.user.role === 'requester' ? ctx.user.id : undefined,
    }),
  );
