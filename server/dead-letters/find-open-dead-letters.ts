import type { DbHandle } from '../db/client.ts';

/** A dead letter as the queue lists it. */
export interface TOpenDeadLetter {
  id: string;
  runId: string;
  workflowId: string;
  /** The step the run died in. */
  stepId: string;
  errorClass: string;
  message: string;
  attempts: number;
  createdAt: Date;
}

/**
 * Dead letters nobody has replayed or discarded yet, newest first, at most `limit` of them;
 * `dead_letters_open_idx` serves the filter and the order.
 */
export async function findOpenDeadLetters(
  db: DbHandle,
  params: { limit: number },
): Promise<TOpenDeadLetter[]> {
  const rows = await db.deadLetter.findMany({
    where: { resolvedAt: null },
    select: {
      id: true,
      runId: true,
      stepId: true,
      errorClass: true,
      message: true,
      attempts: true,
      createdAt: true,
      run: { select: { workflowId: true } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: params.limit,
  });
  return rows.map(({ run, ...row }) => ({ ...row, workflowId: run.workflowId }));
}
