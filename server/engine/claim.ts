/**
 * Claiming runs: a worker takes runnable runs with `FOR UPDATE SKIP LOCKED` and gives each a
 * fresh lease token, which every later write about the run must present (see store.ts).
 */
import type pg from 'pg';
import { z } from 'zod';
import type { Queryable } from './store.ts';

/** A run a worker has just claimed. */
export interface ClaimedRun {
  id: string;
  workflowId: string;
  workflowVersion: number;
  input: unknown;
  leaseToken: string;
  requestedById: string | null;
  replayOfId: string | null;
  createdAt: Date;
}

const ZClaimedRowSchema = z.object({
  id: z.string(),
  workflow_id: z.string(),
  workflow_version: z.number().int(),
  input: z.unknown(),
  lease_token: z.string(),
  requested_by_id: z.string().nullable(),
  replay_of_id: z.string().nullable(),
  created_at: z.date(),
});

/**
 * Up to $4 claimable runs matching `filter`: running runs whose lease expired (their worker is
 * gone) first, then due runs in priority order, read from the partial index runs_due_idx so a
 * claim does not sort the whole queue. Both are locked with SKIP LOCKED: concurrent claimers
 * never wait for each other and never take the same run.
 */
function candidates(filter: string): string {
  return `expired AS (
      SELECT r.id FROM runs r
      WHERE r.status = 'running' AND r.lease_expires_at < now() AND r.engine = 'embedded' AND ${filter}
      LIMIT $4 FOR UPDATE SKIP LOCKED
    ), due AS (
      SELECT r.id FROM runs r
      WHERE r.status IN ('queued', 'sleeping', 'waiting', 'needs_review') AND r.run_after <= now()
        AND r.engine = 'embedded' AND ${filter}
        -- A run waiting for a person is due when its wait times out, never without a wait.
        AND (r.status <> 'needs_review' OR EXISTS (
          SELECT 1 FROM step_checkpoints c
          WHERE c.run_id = r.id AND c.status = 'waiting' AND c.wake_at <= now()))
      ORDER BY r.priority DESC, r.run_after
      LIMIT $4 FOR UPDATE SKIP LOCKED
    ), candidate AS (
      (SELECT id FROM expired) UNION ALL (SELECT id FROM due) LIMIT $4
    )`;
}

function toClaimed(rows: unknown[]): ClaimedRun[] {
  return rows.map((row) => {
    const parsed = ZClaimedRowSchema.parse(row);
    return {
      id: parsed.id,
      workflowId: parsed.workflow_id,
      workflowVersion: parsed.workflow_version,
      input: parsed.input,
      leaseToken: parsed.lease_token,
      requestedById: parsed.requested_by_id,
      replayOfId: parsed.replay_of_id,
      createdAt: parsed.created_at,
    };
  });
}

const CLAIM_SET = `status = 'running', lease_token = gen_random_uuid(), lease_owner = $2,
  lease_expires_at = now() + make_interval(secs => $3::double precision / 1000), updated_at = now()`;
const CLAIM_RETURNING = `r.id, r.workflow_id, r.workflow_version, r.input, r.lease_token,
  r.requested_by_id, r.replay_of_id, r.created_at`;

/**
 * Claims up to `limit` runnable runs of these workflows (due queued, sleeping and waiting runs,
 * needs_review runs whose wait for a person timed out, and running runs whose lease expired) with
 * `FOR UPDATE SKIP LOCKED`, so concurrent workers never claim the same run, and gives each a
 * fresh lease token.
 */
export async function claimRuns(
  db: Queryable,
  options: { workflowIds: string[]; workerId: string; leaseMs: number; limit: number },
): Promise<ClaimedRun[]> {
  if (options.limit < 1 || options.workflowIds.length === 0) return [];
  const { rows } = await db.query({
    name: 'steward_claim',
    text: `WITH ${candidates('r.workflow_id = ANY($1::text[])')}
           UPDATE runs r SET ${CLAIM_SET}
           FROM candidate WHERE r.id = candidate.id
           RETURNING ${CLAIM_RETURNING}`,
    values: [options.workflowIds, options.workerId, options.leaseMs, options.limit],
  });
  return toClaimed(rows);
}

/**
 * Claims runs of one workflow that has a concurrency limit: under a transaction-scoped advisory
 * lock per workflow, counts the runs holding a live lease and claims only up to the limit, so
 * workers claiming at the same moment cannot overshoot it.
 */
export async function claimLimitedRuns(
  pool: pg.Pool,
  options: { workflowId: string; max: number; workerId: string; leaseMs: number; limit: number },
): Promise<ClaimedRun[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('steward:concurrency:' || $1))", [
      options.workflowId,
    ]);
    const { rows: counted } = await client.query(
      `SELECT count(*)::int AS n FROM runs
       WHERE workflow_id = $1 AND status = 'running' AND lease_expires_at >= now()`,
      [options.workflowId],
    );
    const active = z.object({ n: z.number() }).parse(counted[0]).n;
    const room = Math.min(options.limit, options.max - active);
    let claimed: ClaimedRun[] = [];
    if (room > 0) {
      const { rows } = await client.query({
        name: 'steward_claim_limited',
        text: `WITH ${candidates('r.workflow_id = $1')}
               UPDATE runs r SET ${CLAIM_SET}
               FROM candidate WHERE r.id = candidate.id
               RETURNING ${CLAIM_RETURNING}`,
        values: [options.workflowId, options.workerId, options.leaseMs, room],
      });
      claimed = toClaimed(rows);
    }
    await client.query('COMMIT');
    return claimed;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
