import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { RunStatus } from '../../generated/prisma/enums.ts';
import type { DbHandle } from '../db/client.ts';

/** What the runs list can be narrowed to; every field is optional and they combine with AND. */
export interface TRunFilters {
  /** Only runs in one of these statuses. */
  statuses?: RunStatus[] | undefined;
  workflowId?: string | undefined;
  /** A requester's id, or part of their name or email (case-insensitive). */
  requester?: string | undefined;
  /** Only runs created at or after this time. */
  createdAfter?: Date | undefined;
  /** Only runs created before this time. */
  createdBefore?: Date | undefined;
}

export interface TFindRunsParams extends TRunFilters {
  /** How many runs to return, newest first. */
  limit: number;
  /** The `nextCursor` of the previous page; omitted for the first page. */
  cursor?: string | undefined;
  /** Only runs this user requested (a requester sees their own runs). */
  requestedById?: string | undefined;
}

/** What a list of runs shows per row; the run page loads the rest. */
export interface TRunSummary {
  id: string;
  workflowId: string;
  workflowVersion: number;
  status: RunStatus;
  /** Who asked for it; null for a system trigger or a user since removed. */
  requester: { id: string; name: string; email: string } | null;
  replayOfId: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface TFindRunsResult {
  items: TRunSummary[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** The filters as a Prisma condition; a requester filter that is a uuid matches the id exactly. */
export function runFilterWhere(params: TFindRunsParams): Prisma.RunWhereInput {
  const and: Prisma.RunWhereInput[] = [];
  if (params.requestedById !== undefined) and.push({ requestedById: params.requestedById });
  if (params.statuses && params.statuses.length > 0) and.push({ status: { in: params.statuses } });
  if (params.workflowId) and.push({ workflowId: params.workflowId });
  const requester = params.requester?.trim();
  if (requester) {
    and.push(
      z.uuid().safeParse(requester).success
        ? { requestedById: requester }
        : {
            requestedBy: {
              OR: [
                { name: { contains: requester, mode: 'insensitive' } },
                { email: { contains: requester, mode: 'insensitive' } },
              ],
            },
          },
    );
  }
  if (params.createdAfter || params.createdBefore) {
    and.push({
      createdAt: {
        ...(params.createdAfter ? { gte: params.createdAfter } : {}),
        ...(params.createdBefore ? { lt: params.createdBefore } : {}),
      },
    });
  }
  return { AND: and };
}

/**
 * Runs, newest first, a page at a time, narrowed by the filters. Ordered by creation time with
 * the id as tie-breaker so that pages neither skip nor repeat runs created in the same
 * millisecond (keyset: the cursor is the last run's id); `runs_created_at_idx` serves the
 * ordering. The requester's name comes in the same query.
 */
export async function findRuns(db: DbHandle, params: TFindRunsParams): Promise<TFindRunsResult> {
  const rows = await db.run.findMany({
    select: {
      id: true,
      workflowId: true,
      workflowVersion: true,
      status: true,
      replayOfId: true,
      createdAt: true,
      updatedAt: true,
      finishedAt: true,
      requestedBy: { select: { id: true, name: true, email: true } },
    },
    where: runFilterWhere(params),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    // One more than asked tells whether another page exists without a count query.
    take: params.limit + 1,
    ...(params.cursor === undefined ? {} : { cursor: { id: params.cursor }, skip: 1 }),
  });
  const items = rows
    .slice(0, params.limit)
    .map(({ requestedBy, ...run }) => ({ ...run, requester: requestedBy }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > params.limit && last ? last.id : null };
}
