/**
 * The reviewer's figures beside the queue: what is left, and the pace of their current sitting.
 */
import { z } from 'zod';
import type { Queryable } from '../../engine/store.ts';
import type { TReviewStats } from './schemas.ts';

/** A pause longer than this between two decisions (or since the last one) ends a sitting. */
export const SITTING_GAP_MINUTES = 30;

const ZStatsRowSchema = z.object({
  pending: z.number().int(),
  started_at: z.date().nullable(),
  decisions: z.number().int(),
  elapsed_seconds: z.number().nullable(),
});

/**
 * How many items wait (pending or escalated), and the reviewer's current sitting: their
 * decisions going back from now for as long as no gap between one and the next (or between the
 * last and now) exceeds SITTING_GAP_MINUTES; `perHour` is its decisions over its length in
 * hours, counted as at least one minute.
 */
export async function getReviewStats(db: Queryable, reviewerId: string): Promise<TReviewStats> {
  const { rows } = await db.query(
    `WITH mine AS (
       SELECT decided_at,
         coalesce(lead(decided_at) OVER (ORDER BY decided_at), now()) - decided_at AS gap_after
       FROM review_items
       WHERE decided_by_id = $1 AND decided_at IS NOT NULL AND decided_at <= now()
     ), sitting AS (
       -- After the last decision followed by a long pause (none: all of them).
       SELECT decided_at FROM mine
       WHERE decided_at > coalesce(
         (SELECT max(decided_at) FROM mine WHERE gap_after > $2::int * interval '1 minute'),
         '-infinity')
     )
     SELECT
       (SELECT count(*)::int FROM review_items WHERE status IN ('pending', 'escalated')) AS pending,
       min(decided_at) AS started_at,
       count(*)::int AS decisions,
       extract(epoch FROM now() - min(decided_at))::float8 AS elapsed_seconds
     FROM sitting`,
    [reviewerId, SITTING_GAP_MINUTES],
  );
  const row = ZStatsRowSchema.parse(rows[0]);
  const hours = Math.max((row.elapsed_seconds ?? 0) / 3600, 1 / 60);
  return {
    pending: row.pending,
    sitting: {
      startedAt: row.started_at,
      decisions: row.decisions,
      perHour: row.decisions === 0 ? 0 : row.decisions / hours,
    },
  };
}
