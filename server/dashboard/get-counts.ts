import type { RunStatus } from '../../generated/prisma/enums.ts';
import type { DbHandle } from '../db/client.ts';

export interface TGetCountsParams {
  /** Count only this workflow's runs (and their review items and dead letters). */
  workflowId?: string | undefined;
  /** Count only the runs this user requested (a requester's own figures). */
  requestedById?: string | undefined;
}

export interface TDashboardCounts {
  /** Every run status, zero when no run has it, so screens never guess a missing key. */
  runsByStatus: Record<RunStatus, number>;
  runsTotal: number;
  /** Review items waiting for a decision. */
  reviewPending: number;
  /** Dead letters nobody has replayed or discarded yet. */
  deadLettersOpen: number;
}

/** A zero for every run status; a status added to the schema fails the build here. */
export function emptyRunCounts(): Record<RunStatus, number> {
  return {
    queued: 0,
    running: 0,
    sleeping: 0,
    waiting: 0,
    needs_review: 0,
    needs_reconciliation: 0,
    succeeded: 0,
    failed: 0,
    dead: 0,
    cancelled: 0,
  };
}

/**
 * The figures on the operations home page. Three queries, run together: one grouped count of
 * runs by status (the total is their sum) and two filtered counts that the queue indexes
 * (`review_items_queue_idx`, `dead_letters_open_idx`) answer without reading every row.
 */
export async function getCounts(
  db: DbHandle,
  params: TGetCountsParams = {},
): Promise<TDashboardCounts> {
  const runFilter = {
    ...(params.workflowId === undefined ? {} : { workflowId: params.workflowId }),
    ...(params.requestedById === undefined ? {} : { requestedById: params.requestedById }),
  };
  const relatedRunFilter = Object.keys(runFilter).length === 0 ? {} : { run: runFilter };

  const [groups, reviewPending, deadLettersOpen] = await Promise.all([
    db.run.groupBy({ by: ['status'], where: runFilter, _count: { _all: true } }),
    db.reviewItem.count({ where: { status: 'pending', ...relatedRunFilter } }),
    db.deadLetter.count({ where: { resolvedAt: null, ...relatedRunFilter } }),
  ]);

  const runsByStatus = emptyRunCounts();
  let runsTotal = 0;
  for (const group of groups) {
    runsByStatus[group.status] = group._count._all;
    runsTotal += group._count._all;
  }
  return { runsByStatus, runsTotal, reviewPending, deadLettersOpen };
}
