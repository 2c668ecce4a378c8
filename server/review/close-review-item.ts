/**
 * Closing a review item without a decision, for the gate: it expired or was escalated when
 * nobody decided in time, or it was superseded because what it would approve changed. Each
 * change commits together with its audit event.
 */
import pg from 'pg';
import { z } from 'zod';
import { AppError } from '../app-error.ts';
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import type { Queryable } from '../engine/store.ts';
import { withTransaction } from '../engine/transaction.ts';

/** A review item's status in `review_items.status`. */
export const ZReviewStatusSchema = z.enum([
  'pending',
  'approved',
  'rejected',
  'expired',
  'escalated',
  'superseded',
]);
export type TReviewStatus = z.infer<typeof ZReviewStatusSchema>;

/** Statuses in which a person may still decide the item. */
export const DECIDABLE_STATUSES = ['pending', 'escalated'] as const satisfies TReviewStatus[];

/** What closing did: whether the item moved, and the status it has now. */
export interface TCloseResult {
  isChanged: boolean;
  status: TReviewStatus;
}

/**
 * Runs `work` in a transaction: its own when `db` is a pool; the caller's when `db` is a client
 * (the caller has begun a transaction on it, as appendAuditEvent requires).
 */
export function inTransaction<T>(db: Queryable, work: (client: Queryable) => Promise<T>) {
  return db instanceof pg.Pool ? withTransaction(db, work) : work(db);
}

const ZRowSchema = z.object({ run_id: z.string(), writes_hash: z.string() });

/**
 * Moves the item to `to` when its status is one of `from` and audits it as `review.<to>`;
 * otherwise leaves it alone and says what it is. NOT_FOUND when there is no such item.
 */
async function closeItem(
  db: Queryable,
  reviewItemId: string,
  to: 'expired' | 'escalated' | 'superseded',
  from: readonly TReviewStatus[],
): Promise<TCloseResult> {
  if (!z.uuid().safeParse(reviewItemId).success) {
    throw new AppError('NOT_FOUND', `There is no review item "${reviewItemId}".`);
  }
  return inTransaction(db, async (client) => {
    const { rows } = await client.query(
      `UPDATE review_items SET status = $2::"ReviewStatus", updated_at = now()
       WHERE id = $1 AND status = ANY($3::"ReviewStatus"[])
       RETURNING run_id, writes_hash`,
      [reviewItemId, to, from],
    );
    const closed = ZRowSchema.optional().parse(rows[0]);
    if (!closed) {
      const { rows: found } = await client.query('SELECT status FROM review_items WHERE id = $1', [
        reviewItemId,
      ]);
      const item = z.object({ status: ZReviewStatusSchema }).optional().parse(found[0]);
      if (!item) throw new AppError('NOT_FOUND', `There is no review item "${reviewItemId}".`);
      return { isChanged: false, status: item.status };
    }
    await appendAuditEvent(client, {
      actorId: null,
      action: `review.${to}`,
      subjectType: 'review_item',
      subjectId: reviewItemId,
      data: { runId: closed.run_id, writesHash: closed.writes_hash },
    });
    return { isChanged: true, status: to };
  });
}

/**
 * Nobody decided the item in time: it is `expired` (final) or `escalated` (still decidable,
 * by whoever it was escalated to). Only an undecided item moves: a pending one to either, an
 * escalated one to expired; an item decided meanwhile keeps its decision (`isChanged: false`).
 */
export function expireReviewItem(
  db: Queryable,
  reviewItemId: string,
  status: 'expired' | 'escalated',
): Promise<TCloseResult> {
  const from: TReviewStatus[] = status === 'expired' ? ['pending', 'escalated'] : ['pending'];
  return closeItem(db, reviewItemId, status, from);
}

/**
 * The item no longer shows what would be written (the records changed since it was proposed):
 * it is `superseded`, from pending, escalated or approved, and the gate opens a new one. A
 * rejected or expired item stays as it is (`isChanged: false`).
 */
export function supersedeReviewItem(db: Queryable, reviewItemId: string): Promise<TCloseResult> {
  return closeItem(db, reviewItemId, 'superseded', ['pending', 'escalated', 'approved']);
}
