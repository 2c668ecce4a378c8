import type { RunStatus } from '../../generated/prisma/enums.ts';
import type { DbHandle } from '../db/client.ts';

export interface TFindRunsParams {
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
  createdAt: Date;
  finishedAt: Date | null;
}

export interface TFindRunsResult {
  items: TRunSummary[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Runs, newest first, a page at a time. Ordered by creation time with the id as tie-breaker so
 * that pages neither skip nor repeat runs created in the same millisecond; `runs_created_at_idx`
 * serves the ordering.
 */
export async function findRuns(db: DbHandle, params: TFindRunsParams): Promise<TFindRunsResult> {
  const rows = await db.run.findMany({
    select: {
      id: true,
      workflowId: true,
      workflowVersion: true,
      status: true,
      createdAt: true,
      finishedAt: true,
    },
    where: params.requestedById === undefined ? {} : { requestedById: params.requestedById },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    // One more than asked tells whether another page exists without a count query.
    take: params.limit + 1,
    ...(params.cursor === undefined ? {} : { cursor: { id: params.cursor }, skip: 1 }),
  });
  const items = rows.slice(0, params.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > params.limit && last ? last.id : null };
}
