/**
 * Rate limits kept in PostgreSQL, shared by every app process: one statement counts a request in
 * a fixed window and says whether it is allowed, so concurrent requests cannot all slip past a
 * stale read.
 */
import type { Queryable } from '../engine/store.ts';

/** The verdict on one request: allowed, or how many seconds until the window frees up. */
export interface RateLimitVerdict {
  allowed: boolean;
  retryAfter: number | null;
}

/** Counts one request against `key` in a window of `windowSeconds`; at most `max` are allowed. */
export async function consumeRateLimit(
  db: Queryable,
  key: string,
  rule: { window: number; max: number },
): Promise<RateLimitVerdict> {
  const { rows } = await db.query(
    `INSERT INTO auth_rate_limits AS r (key, count, window_start)
     VALUES ($1, 1, clock_timestamp())
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN r.window_start <= clock_timestamp() - make_interval(secs => $2) THEN 1 ELSE r.count + 1 END,
       window_start = CASE WHEN r.window_start <= clock_timestamp() - make_interval(secs => $2)
                           THEN clock_timestamp() ELSE r.window_start END
     RETURNING count, ceil(extract(epoch FROM r.window_start + make_interval(secs => $2) - clock_timestamp()))::int AS retry_after`,
    [key, rule.window],
  );
  const row = rows[0] as { count?: unknown; retry_after?: unknown } | undefined;
  const count = Number(row?.count ?? 0);
  const allowed = count <= rule.max;
  return {
    allowed,
    retryAfter: allowed ? null : Math.max(1, Number(row?.retry_after ?? rule.window)),
  };
}
