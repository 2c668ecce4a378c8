/**
 * The SQL of runs executed by Inngest. They live in the same tables as embedded runs (the system
 * of record the consoles read), but hold no lease: Inngest runs one execution of a run at a
 * time. Writes are fenced on the run's status instead, so a run cancelled (or finished) in our
 * tables takes no further checkpoint: the function stops at its next step, as an embedded worker
 * stops when its lease is gone.
 */
import { z } from 'zod';
import {
  type Checkpoint,
  type CheckpointWrite,
  checkpointUpsert,
  checkpointValues,
  type Queryable,
  ZCheckpointRowSchema,
} from '../server/engine/store.ts';
import type { JsonValue } from '../server/engine/types.ts';

/** Statuses in which an Inngest run may still move; anything else stops its function. */
export const ACTIVE = `('queued', 'running', 'sleeping', 'waiting', 'needs_review')`;

const ZRunRowSchema = z.object({
  id: z.string(),
  workflow_id: z.string(),
  workflow_version: z.number().int(),
  input: z.unknown(),
  status: z.string(),
  engine: z.enum(['embedded', 'inngest']),
  requested_by_id: z.string().nullable(),
  replay_of_id: z.string().nullable(),
  created_at: z.date(),
  error: z.unknown(),
});

/** A run row as the Inngest function reads it. */
export interface InngestRunRow {
  id: string;
  workflowId: string;
  workflowVersion: number;
  input: unknown;
  status: string;
  engine: 'embedded' | 'inngest';
  requestedById: string | null;
  replayOfId: string | null;
  createdAt: Date;
  error: unknown;
}

/**
 * Loads a run and, when it is queued, sleeping or waiting (for a system or for a person), marks
 * it running (Inngest invokes a function only when it has work to do). `undefined` if there is
 * no such run.
 */
export async function startInngestExecution(
  db: Queryable,
  runId: string,
): Promise<InngestRunRow | undefined> {
  const { rows } = await db.query(
    `WITH woken AS (
       UPDATE runs SET status = 'running', updated_at = now()
       WHERE id = $1 AND engine = 'inngest'
         AND status IN ('queued', 'sleeping', 'waiting', 'needs_review')
       RETURNING id
     )
     SELECT r.id, r.workflow_id, r.workflow_version, r.input, r.engine, r.requested_by_id,
       r.replay_of_id, r.created_at, r.error,
       CASE WHEN EXISTS (SELECT 1 FROM woken) THEN 'running' ELSE r.status::text END AS status
     FROM runs r WHERE r.id = $1`,
    [runId],
  );
  if (rows.length === 0) return undefined;
  const row = ZRunRowSchema.parse(rows[0]);
  return {
    id: row.id,
    workflowId: row.workflow_id,
    workflowVersion: row.workflow_version,
    input: row.input,
    status: row.status,
    engine: row.engine,
    requestedById: row.requested_by_id,
    replayOfId: row.replay_of_id,
    createdAt: row.created_at,
    error: row.error,
  };
}

const ZInngestCheckpointRowSchema = ZCheckpointRowSchema.extend({
  wait_event: z.string().nullable(),
});

/** A recorded step, with what the Inngest adapter needs to take the same path again. */
export interface InngestCheckpoint extends Checkpoint {
  /** Set on a wait registered with Inngest; null on one satisfied by an earlier event. */
  waitEvent: string | null;
}

/** Every recorded step of a run, by step id. */
export async function loadInngestCheckpoints(
  db: Queryable,
  runId: string,
): Promise<Map<string, InngestCheckpoint>> {
  const { rows } = await db.query(
    `SELECT step_id, status, attempt_count, output, error, wake_at, finished_at, wait_event
     FROM step_checkpoints WHERE run_id = $1`,
    [runId],
  );
  const checkpoints = new Map<string, InngestCheckpoint>();
  for (const raw of rows) {
    const row = ZInngestCheckpointRowSchema.parse(raw);
    checkpoints.set(row.step_id, {
      stepId: row.step_id,
      status: row.status,
      attemptCount: row.attempt_count,
      output: row.output,
      error: row.error,
      wakeAt: row.wake_at,
      finishedAt: row.finished_at,
      waitEvent: row.wait_event,
    });
  }
  return checkpoints;
}

/** Where the run stands after a checkpoint: executing, backing off, sleeping, waiting, stuck. */
export interface InngestRunMove {
  status: 'running' | 'queued' | 'sleeping' | 'waiting' | 'needs_review' | 'needs_reconciliation';
  /** When it is due again (a retry's backoff, a wake-up, a wait's timeout). */
  runAfter?: Date | null;
}

/**
 * Records a step's state and moves the run, in one statement. False when the run is no longer
 * active (cancelled, finished, dead, or waiting for reconciliation): nothing was written.
 */
export async function writeInngestCheckpoint(
  db: Queryable,
  runId: string,
  move: InngestRunMove,
  write: CheckpointWrite,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH fence AS (
       UPDATE runs SET status = $2::"RunStatus", run_after = COALESCE($3, run_after), updated_at = now()
       WHERE id = $1 AND engine = 'inngest' AND status IN ${ACTIVE}
       RETURNING id
     ) ${checkpointUpsert(4)}`,
    [runId, move.status, move.runAfter ?? null, ...checkpointValues(write)],
  );
  return rowCount === 1;
}

/**
 * Ends a wait with what Inngest delivered (an event, or null after the timeout), unless the
 * step was already closed: `sendEvent` records the event on the waiting step itself, also when
 * it reached our table before Inngest registered the wait. Returns the output that won.
 */
export async function closeInngestWait(
  db: Queryable,
  runId: string,
  stepId: string,
  delivered: JsonValue,
): Promise<{ isActive: boolean; output: unknown }> {
  const { rows } = await db.query(
    `WITH fence AS (
       SELECT id FROM runs WHERE id = $1 AND engine = 'inngest' AND status IN ${ACTIVE}
     ), closed AS (
       UPDATE step_checkpoints c SET status = 'succeeded', output = $3::jsonb, finished_at = now()
       FROM fence WHERE c.run_id = fence.id AND c.step_id = $2 AND c.status = 'waiting'
       RETURNING c.output
     )
     SELECT (SELECT count(*) FROM fence)::int AS active,
       COALESCE((SELECT output FROM closed),
                (SELECT output FROM step_checkpoints WHERE run_id = $1 AND step_id = $2)) AS output`,
    [runId, stepId, JSON.stringify(delivered)],
  );
  const row = z.object({ active: z.number(), output: z.unknown() }).parse(rows[0]);
  return { isActive: row.active === 1, output: row.output };
}

/** Finishes a run with its output, unless it was cancelled (or finished) meanwhile. */
export async function completeInngestRun(
  db: Queryable,
  runId: string,
  output: JsonValue,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE runs SET status = 'succeeded', output = $2::jsonb, error = NULL, finished_at = now(),
       updated_at = now()
     WHERE id = $1 AND engine = 'inngest' AND status IN ${ACTIVE}`,
    [runId, JSON.stringify(output)],
  );
  return rowCount === 1;
}
