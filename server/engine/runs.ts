/**
 * Starting, cancelling and waking runs. Each change commits together with its audit event and a
 * NOTIFY that wakes idle workers.
 */
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../app-error.ts';
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import type { WorkflowRegistry } from './define-workflow.ts';
import { type Queryable, RUNS_CHANNEL } from './store.ts';
import { withTransaction } from './transaction.ts';
import type { JsonValue, WorkflowDefinition } from './types.ts';

export type TEngineKind = 'embedded' | 'inngest';

const ZRunIdSchema = z.uuid();

/** Refuses what cannot be a run id with NOT_FOUND, before it reaches SQL as a type error. */
export function assertRunId(runId: string): void {
  if (!ZRunIdSchema.safeParse(runId).success) {
    throw new AppError(
      'NOT_FOUND',
      `There is no run "${runId}": run ids look like 0e9b1c5a-4c8e-4a51-9d6b-2f1e6f0c9a77.`,
    );
  }
}

/** Run statuses after which nothing more happens to a run (unless it is replayed). */
export const TERMINAL_STATUSES = ['succeeded', 'failed', 'dead', 'cancelled'] as const;

/** The workflow, or a NOT_FOUND AppError that says which id was asked for. */
export function requireWorkflow(
  registry: WorkflowRegistry,
  workflowId: string,
): WorkflowDefinition {
  const workflow = registry.get(workflowId);
  if (!workflow) {
    throw new AppError('NOT_FOUND', `There is no workflow "${workflowId}".`);
  }
  return workflow;
}

/** The input parsed with the workflow's schema, or a BAD_INPUT AppError naming each bad field. */
export function parseWorkflowInput(workflow: WorkflowDefinition, input: unknown): JsonValue {
  const parsed = workflow.input.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
    );
    throw new AppError(
      'BAD_INPUT',
      `The input for ${workflow.id} is not valid: ${problems.join('; ')}`,
      {
        cause: parsed.error,
      },
    );
  }
  return JSON.parse(JSON.stringify(parsed.data ?? null)) as JsonValue;
}

export interface StartRunParams {
  workflowId: string;
  input: unknown;
  requestedById?: string | null;
  priority?: number;
  engine?: TEngineKind;
  replayOfId?: string | null;
  replayMode?: 'from_start' | 'with_input' | null;
}

/** Inserts a queued run (inside the caller's transaction) and its audit event; returns its id. */
export async function insertRun(
  client: pg.PoolClient,
  workflow: WorkflowDefinition,
  input: JsonValue,
  params: StartRunParams,
): Promise<string> {
  const { rows } = await client.query(
    `INSERT INTO runs (workflow_id, workflow_version, input, requested_by_id, priority, engine, replay_of_id, replay_mode)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6::"Engine", $7, $8::"ReplayMode") RETURNING id`,
    [
      workflow.id,
      workflow.version,
      JSON.stringify(input),
      params.requestedById ?? null,
      params.priority ?? 0,
      params.engine ?? 'embedded',
      params.replayOfId ?? null,
      params.replayMode ?? null,
    ],
  );
  const runId = z.object({ id: z.string() }).parse(rows[0]).id;
  await appendAuditEvent(client, {
    actorId: params.requestedById ?? null,
    action: params.replayOfId ? 'run.replayed' : 'run.started',
    subjectType: 'run',
    subjectId: runId,
    data: {
      workflowId: workflow.id,
      workflowVersion: workflow.version,
      engine: params.engine ?? 'embedded',
      ...(params.replayOfId
        ? { replayOfId: params.replayOfId, mode: params.replayMode ?? null }
        : {}),
    },
  });
  await client.query('SELECT pg_notify($1, $2)', [RUNS_CHANNEL, workflow.id]);
  return runId;
}

/**
 * Starts a run of a workflow: checks the workflow exists and the input parses with its schema
 * (a BAD_INPUT error names each bad field, and nothing is written), then queues it.
 */
export async function startRun(
  pool: pg.Pool,
  registry: WorkflowRegistry,
  params: StartRunParams,
): Promise<{ runId: string }> {
  const workflow = requireWorkflow(registry, params.workflowId);
  const input = parseWorkflowInput(workflow, params.input);
  const runId = await withTransaction(pool, (client) => insertRun(client, workflow, input, params));
  return { runId };
}

/**
 * Cancels a run that has not finished. A worker executing it notices at its next checkpoint (its
 * lease is gone) and stops; nothing it would have written after that is written.
 */
export async function cancelRun(
  pool: pg.Pool,
  params: { runId: string; actorId?: string | null; reason?: string },
): Promise<void> {
  assertRunId(params.runId);
  await withTransaction(pool, async (client) => {
    const { rows } = await client.query('SELECT status FROM runs WHERE id = $1 FOR UPDATE', [
      params.runId,
    ]);
    const run = z.object({ status: z.string() }).optional().parse(rows[0]);
    if (!run) throw new AppError('NOT_FOUND', `There is no run ${params.runId}.`);
    if ((TERMINAL_STATUSES as readonly string[]).includes(run.status)) {
      throw new AppError(
        'CONFLICT',
        `Run ${params.runId} has already finished (${run.status}); there is nothing to cancel.`,
      );
    }
    await client.query(
      `UPDATE runs SET status = 'cancelled', finished_at = now(), updated_at = now(),
         error = jsonb_build_object('errorClass', 'Cancelled', 'message', $2::text),
         lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $1`,
      [params.runId, params.reason ?? 'Cancelled'],
    );
    await appendAuditEvent(client, {
      actorId: params.actorId ?? null,
      action: 'run.cancelled',
      subjectType: 'run',
      subjectId: params.runId,
      data: { previousStatus: run.status, reason: params.reason ?? null },
    });
  });
}

/** An engine event as services send it: a name, and data that waiting steps match on. */
export interface EngineEventInput {
  name: string;
  data?: { [key: string]: JsonValue };
}

const ZRecordedEventRowSchema = z.object({ event_id: z.string(), run_ids: z.array(z.string()) });

/**
 * Records an event on the caller's client (inside its transaction, so the event and whatever
 * caused it commit together or not at all) and wakes every run waiting for it: a waiting step
 * whose event name matches and whose `match` the event's data contains receives it (found by
 * the key of its match, so the cost does not grow with the number of open waits), and its
 * embedded run, waiting for a system or for a person (needs_review), is queued at once.
 * Workers are notified when the transaction commits.
 */
export async function recordEvent(
  client: Queryable,
  event: EngineEventInput,
): Promise<{ eventId: string; wokenRunIds: string[] }> {
  const { rows } = await client.query({
    name: 'steward_record_event',
    text: `WITH ev AS (
         INSERT INTO events (name, data) VALUES ($1, $2::jsonb) RETURNING id, name, data, created_at
       ), woken AS (
         UPDATE step_checkpoints c SET status = 'succeeded', finished_at = now(),
           output = jsonb_build_object('id', ev.id, 'name', ev.name, 'data', ev.data,
             'createdAt', to_char(ev.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
         FROM ev
         WHERE c.wait_event = ev.name AND c.status = 'waiting'
           -- Only waits keyed by one of the event's pairs, or by none, can match (wait_key).
           AND (c.wait_key = ANY(steward_match_keys(ev.data)) OR c.wait_key IS NULL)
           AND ev.data @> COALESCE(c.wait_match, '{}'::jsonb)
         RETURNING c.run_id
       ), queued AS (
         UPDATE runs r SET status = 'queued', run_after = now(), updated_at = now()
         FROM (SELECT DISTINCT run_id FROM woken) w
         WHERE r.id = w.run_id AND r.status IN ('waiting', 'needs_review') AND r.engine = 'embedded'
         RETURNING r.id
       ), notified AS (
         -- Volatile, so PostgreSQL runs it (once, when a run woke) even though nothing reads it.
         SELECT pg_notify($3, $1) FROM (SELECT 1 FROM queued LIMIT 1) one
       )
       SELECT (SELECT id FROM ev) AS event_id, ARRAY(SELECT run_id FROM woken) AS run_ids,
         (SELECT count(*) FROM notified) AS notified`,
    values: [event.name, JSON.stringify(event.data ?? {}), RUNS_CHANNEL],
  });
  const row = ZRecordedEventRowSchema.parse(rows[0]);
  return { eventId: row.event_id, wokenRunIds: row.run_ids };
}

/**
 * Records an event and wakes every run waiting for it (see recordEvent), in a transaction of
 * its own.
 */
export async function sendEvent(
  pool: pg.Pool,
  event: EngineEventInput,
): Promise<{ eventId: string; wokenRunIds: string[] }> {
  return withTransaction(pool, (client) => recordEvent(client, event));
}
