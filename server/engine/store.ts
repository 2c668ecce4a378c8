/**
 * The embedded engine's SQL. Every write a worker makes about a run it holds is ONE statement
 * whose first part updates the run row `WHERE lease_token = $mine`: that takes the row lock,
 * extends (or releases) the lease, and fences the write, because when another worker owns the
 * run the update matches nothing and so nothing else in the statement is written either.
 */
import type pg from 'pg';
import { z } from 'zod';
import type { JsonValue, StepKind } from './types.ts';

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** A step's state in `step_checkpoints.status`. */
export const ZCheckpointStatusSchema = z.enum([
  'running',
  'retrying',
  'succeeded',
  'failed',
  'sleeping',
  'waiting',
  'compensated',
]);
export type CheckpointStatus = z.infer<typeof ZCheckpointStatusSchema>;

/** One attempt as recorded in `step_checkpoints.attempts`. */
export const ZAttemptSchema = z.object({
  attempt: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  errorClass: z.string().nullable(),
  message: z.string().nullable(),
  /** For a failed attempt that will be retried: the delay chosen. */
  retryInMs: z.number().nullable().optional(),
});
export type TAttempt = z.infer<typeof ZAttemptSchema>;

/** A `step_checkpoints` row as both engines read it back. */
export const ZCheckpointRowSchema = z.object({
  step_id: z.string(),
  status: ZCheckpointStatusSchema,
  attempt_count: z.number().int(),
  output: z.unknown(),
  error: z.unknown(),
  wake_at: z.date().nullable(),
  finished_at: z.date().nullable(),
});
const ZBatchCheckpointRowSchema = ZCheckpointRowSchema.extend({ run_id: z.string() });

export interface Checkpoint {
  stepId: string;
  status: CheckpointStatus;
  attemptCount: number;
  output: unknown;
  error: unknown;
  wakeAt: Date | null;
  finishedAt: Date | null;
}

/** Every recorded step of each run, by run id and step id (one query for a claimed batch). */
export async function loadCheckpoints(
  db: Queryable,
  runIds: string[],
): Promise<Map<string, Map<string, Checkpoint>>> {
  const byRun = new Map<string, Map<string, Checkpoint>>(runIds.map((id) => [id, new Map()]));
  if (runIds.length === 0) return byRun;
  const { rows } = await db.query({
    name: 'steward_load_checkpoints',
    text: `SELECT run_id, step_id, status, attempt_count, output, error, wake_at, finished_at
           FROM step_checkpoints WHERE run_id = ANY($1::uuid[])`,
    values: [runIds],
  });
  for (const row of rows) {
    const parsed = ZBatchCheckpointRowSchema.parse(row);
    byRun.get(parsed.run_id)?.set(parsed.step_id, {
      stepId: parsed.step_id,
      status: parsed.status,
      attemptCount: parsed.attempt_count,
      output: parsed.output,
      error: parsed.error,
      wakeAt: parsed.wake_at,
      finishedAt: parsed.finished_at,
    });
  }
  return byRun;
}

/** A step's new state; `attempts` are appended to those already recorded. */
export interface CheckpointWrite {
  stepId: string;
  kind: StepKind;
  toolName?: string | null;
  status: CheckpointStatus;
  attemptCount: number;
  attempts: TAttempt[];
  output?: JsonValue | null;
  error?: JsonValue | null;
  idempotencyKey?: string | null;
  isFinished: boolean;
  wakeAt?: Date | null;
  waitEvent?: string | null;
  waitMatch?: JsonValue | null;
}

/** What happens to the run itself in the same statement as a checkpoint. */
export type RunTransition =
  /**
   * The worker keeps the run. The fence only locks the row (no new row version per step); the
   * lease is extended by the worker's heartbeat.
   */
  | { kind: 'keep' }
  /** The worker lets go: the run waits (backoff, sleep, event) or needs a person. */
  | {
      kind: 'release';
      status: 'queued' | 'sleeping' | 'waiting' | 'needs_review' | 'needs_reconciliation';
      runAfter: Date;
    };

function fenceFor(transition: RunTransition): { name: string; sql: string; values: unknown[] } {
  if (transition.kind === 'keep') {
    return {
      name: 'steward_checkpoint_keep',
      // $3 and $4 belong to the release form; always NULL here, named so both forms bind alike.
      sql: `SELECT id FROM runs
            WHERE id = $1 AND lease_token = $2 AND $3::text IS NULL AND $4::timestamptz IS NULL
            FOR NO KEY UPDATE`,
      values: [null, null],
    };
  }
  return {
    name: 'steward_checkpoint_release',
    sql: `UPDATE runs SET status = $3::"RunStatus", run_after = $4, lease_token = NULL,
            lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
          WHERE id = $1 AND lease_token = $2 RETURNING id`,
    values: [transition.status, transition.runAfter],
  };
}

/**
 * The statement tail that records a step: an upsert of its checkpoint for the run id the
 * preceding `fence` CTE yields (none: nothing is written), with the write's values bound from
 * `$<first>` on, in the order `checkpointValues` gives. Both engines record steps with it.
 */
export function checkpointUpsert(first: number): string {
  const p = (offset: number) => `$${first + offset}`;
  return `INSERT INTO step_checkpoints AS c (run_id, step_id, kind, tool_name, status, attempt_count,
       attempts, output, error, idempotency_key, finished_at, wake_at, wait_event, wait_match,
       wait_key)
     SELECT fence.id, ${p(0)}, ${p(1)}::"StepKind", ${p(2)}, ${p(3)}::"StepStatus", ${p(4)},
       ${p(5)}::jsonb, ${p(6)}::jsonb, ${p(7)}::jsonb, ${p(8)},
       CASE WHEN ${p(9)}::boolean THEN now() END, ${p(10)}, ${p(11)}, ${p(12)}::jsonb,
       (steward_match_keys(${p(12)}::jsonb))[1]
     FROM fence
     ON CONFLICT (run_id, step_id) DO UPDATE SET
       status = EXCLUDED.status, attempt_count = EXCLUDED.attempt_count,
       attempts = c.attempts || EXCLUDED.attempts, output = EXCLUDED.output,
       error = EXCLUDED.error, finished_at = EXCLUDED.finished_at, wake_at = EXCLUDED.wake_at,
       wait_event = EXCLUDED.wait_event, wait_match = EXCLUDED.wait_match,
       wait_key = EXCLUDED.wait_key`;
}

/** The values `checkpointUpsert` binds, in its order. */
export function checkpointValues(write: CheckpointWrite): unknown[] {
  const json = (value: JsonValue | null | undefined) =>
    value === undefined || value === null ? null : JSON.stringify(value);
  return [
    write.stepId,
    write.kind,
    write.toolName ?? null,
    write.status,
    write.attemptCount,
    JSON.stringify(write.attempts),
    write.output === undefined ? null : JSON.stringify(write.output),
    json(write.error),
    write.idempotencyKey ?? null,
    write.isFinished,
    write.wakeAt ?? null,
    write.waitEvent ?? null,
    json(write.waitMatch),
  ];
}

/**
 * Records a step's state and moves the run, in one fenced statement. Returns false when the
 * lease token is no longer current: nothing was written.
 */
export async function writeCheckpoint(
  db: Queryable,
  runId: string,
  leaseToken: string,
  transition: RunTransition,
  write: CheckpointWrite,
): Promise<boolean> {
  const fence = fenceFor(transition);
  const { rowCount } = await db.query({
    // Named: prepared once per connection, not planned again for every step.
    name: fence.name,
    text: `WITH fence AS (${fence.sql}) ${checkpointUpsert(5)}`,
    values: [runId, leaseToken, ...fence.values, ...checkpointValues(write)],
  });
  return rowCount === 1;
}

/**
 * A waiting step whose timeout passed returns `null`, unless an event got there first: only a
 * step still `waiting` is closed, and the caller reads back whichever won.
 */
export async function closeTimedOutWait(
  db: Queryable,
  runId: string,
  leaseToken: string,
  leaseMs: number,
  stepId: string,
): Promise<{ isLeaseHeld: boolean; output: unknown }> {
  const { rows } = await db.query(
    `WITH fence AS (
       UPDATE runs SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000)
       WHERE id = $1 AND lease_token = $2 RETURNING id
     ), closed AS (
       UPDATE step_checkpoints c SET status = 'succeeded', output = 'null'::jsonb, finished_at = now()
       FROM fence WHERE c.run_id = fence.id AND c.step_id = $4 AND c.status = 'waiting'
       RETURNING c.output
     )
     SELECT (SELECT count(*) FROM fence)::int AS held,
            COALESCE((SELECT output FROM closed),
                     (SELECT output FROM step_checkpoints WHERE run_id = $1 AND step_id = $4)) AS output`,
    [runId, leaseToken, leaseMs, stepId],
  );
  const row = z.object({ held: z.number(), output: z.unknown() }).parse(rows[0]);
  return { isLeaseHeld: row.held === 1, output: row.output };
}

/**
 * The first event with this name whose data contains `match`, sent at or after `since`: it
 * closes the gap between a run's previous checkpoint and the moment its wait is recorded.
 */
export async function findEventSince(
  db: Queryable,
  options: { event: string; match: JsonValue; since: Date },
): Promise<{ id: string; name: string; data: unknown; createdAt: string } | undefined> {
  const { rows } = await db.query(
    `SELECT id, name, data, created_at FROM events
     WHERE name = $1 AND data @> $2::jsonb AND created_at >= $3
     ORDER BY created_at LIMIT 1`,
    [options.event, JSON.stringify(options.match), options.since],
  );
  if (rows.length === 0) return undefined;
  const row = z
    .object({ id: z.string(), name: z.string(), data: z.unknown(), created_at: z.date() })
    .parse(rows[0]);
  return { id: row.id, name: row.name, data: row.data, createdAt: row.created_at.toISOString() };
}

/** Extends the lease of a run this worker holds; false if it is no longer ours. */
export async function heartbeat(
  db: Queryable,
  runId: string,
  leaseToken: string,
  leaseMs: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE runs SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000)
     WHERE id = $1 AND lease_token = $2`,
    [runId, leaseToken, leaseMs],
  );
  return rowCount === 1;
}

/** Finishes a run with its output. False if the lease was lost (nothing written). */
export async function completeRun(
  db: Queryable,
  runId: string,
  leaseToken: string,
  output: JsonValue | null,
): Promise<boolean> {
  const { rowCount } = await db.query({
    name: 'steward_complete_run',
    text: `UPDATE runs SET status = 'succeeded', output = $3::jsonb, error = NULL, finished_at = now(),
             updated_at = now(), lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL
           WHERE id = $1 AND lease_token = $2`,
    values: [runId, leaseToken, JSON.stringify(output)],
  });
  return rowCount === 1;
}

/** Puts a run back in the queue at once (a worker shutting down mid-run lets go of it). */
export async function releaseRun(db: Queryable, runId: string, leaseToken: string): Promise<void> {
  await db.query(
    `UPDATE runs SET status = 'queued', run_after = now(), lease_token = NULL, lease_owner = NULL,
       lease_expires_at = NULL, updated_at = now()
     WHERE id = $1 AND lease_token = $2`,
    [runId, leaseToken],
  );
}

export interface DeadLetterWrite {
  stepId: string;
  errorClass: string;
  message: string;
  stack: string | null;
  attempts: number;
  groupKey: string;
}

/**
 * Ends a run in the dead-letter queue: the run becomes `dead` with its error and a dead-letter
 * record holds what operations need to act (step, error class, message, stack, attempts, input),
 * in one fenced statement. False if the lease was lost.
 */
export async function killRun(
  db: Queryable,
  runId: string,
  leaseToken: string,
  deadLetter: DeadLetterWrite,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH dead AS (
       UPDATE runs SET status = 'dead', finished_at = now(), updated_at = now(),
         error = jsonb_build_object('stepId', $3::text, 'errorClass', $4::text, 'message', $5::text),
         lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $1 AND lease_token = $2 RETURNING id, input
     )
     INSERT INTO dead_letters (run_id, step_id, error_class, message, stack, attempts, input, group_key)
     SELECT id, $3, $4, $5, $6, $7, input, $8 FROM dead`,
    [
      runId,
      leaseToken,
      deadLetter.stepId,
      deadLetter.errorClass,
      deadLetter.message,
      deadLetter.stack,
      deadLetter.attempts,
      deadLetter.groupKey,
    ],
  );
  return rowCount === 1;
}

/** The channel workers LISTEN on; a notification means "there may be work now". */
export const RUNS_CHANNEL = 'steward_runs';
