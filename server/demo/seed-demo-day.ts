/**
 * The demo working day (DESIGN.md section 8): a few hundred runs of the example workflows over
 * the last three days in every state, so a newcomer sees every console at work on the first
 * visit. One set-based statement (demo-day-sql.ts) and one batch of audit events, in one
 * transaction.
 */
import type pg from 'pg';
import { z } from 'zod';
import { type AuditEventInput, appendAuditEvents } from '../audit/append-audit-event.ts';
import { DEMO_DAY_SQL } from './demo-day-sql.ts';
import { demoFailures } from './failures.ts';

/** How many runs the demo day starts with (replays come on top). */
export const DEMO_DAY_RUNS = 320;

/** Who the demo runs are requested, decided and replayed by; null where there is nobody. */
export interface TDemoActors {
  requesterId: string | null;
  reviewerId: string | null;
  operatorId: string | null;
}

/** What seedDemoDay added, by table. */
export interface TDemoDaySummary {
  runs: number;
  replays: number;
  reviewItems: number;
  deadLetters: number;
  modelCalls: number;
  checkpoints: number;
  auditEvents: number;
}

const ZResultSchema = z.object({
  runs: z.array(
    z.object({
      id: z.string(),
      workflow_id: z.string(),
      status: z.string(),
      replay_of_id: z.string().nullable(),
      created_at: z.string(),
    }),
  ),
  reviewItems: z.array(
    z.object({
      id: z.string(),
      run_id: z.string(),
      status: z.string(),
      reason_code: z.string().nullable(),
      decided_at: z.string().nullable(),
    }),
  ),
  modelCalls: z.number().int(),
  checkpoints: z.number().int(),
  deadLetters: z.number().int(),
});

/**
 * The demo users (STEWARD's `<role>@steward.local`, else the oldest user of each role) who act
 * in the demo day; null for a role nobody has.
 */
export async function findDemoActors(db: Pick<pg.Pool, 'query'>): Promise<TDemoActors> {
  const { rows } = await db.query(
    `SELECT DISTINCT ON (role) role::text AS role, id::text AS id FROM users
     WHERE role IN ('requester', 'reviewer', 'operations')
     ORDER BY role, (email LIKE '%@steward.local') DESC, created_at`,
  );
  const byRole = new Map(
    z
      .array(z.object({ role: z.string(), id: z.string() }))
      .parse(rows)
      .map((row) => [row.role, row.id]),
  );
  return {
    requesterId: byRole.get('requester') ?? null,
    reviewerId: byRole.get('reviewer') ?? null,
    operatorId: byRole.get('operations') ?? null,
  };
}

/** The events the engine and the consoles would have recorded for these rows. */
function auditEventsFor(
  result: z.infer<typeof ZResultSchema>,
  actors: TDemoActors,
): AuditEventInput[] {
  const events: AuditEventInput[] = [];
  for (const run of result.runs) {
    const occurredAt = run.created_at;
    events.push(
      run.replay_of_id === null
        ? {
            actorId: actors.requesterId,
            action: 'run.started',
            subjectType: 'run',
            subjectId: run.id,
            data: {
              workflowId: run.workflow_id,
              workflowVersion: 1,
              engine: 'embedded',
              demo: true,
              occurredAt,
            },
          }
        : {
            actorId: actors.operatorId,
            action: 'run.replay_requested',
            subjectType: 'run',
            subjectId: run.replay_of_id,
            data: { mode: 'from_start', newRunId: run.id, demo: true, occurredAt },
          },
    );
    if (run.replay_of_id !== null) {
      events.push({
        actorId: actors.operatorId,
        action: 'run.replayed',
        subjectType: 'run',
        subjectId: run.id,
        data: {
          workflowId: run.workflow_id,
          replayOfId: run.replay_of_id,
          mode: 'from_start',
          demo: true,
          occurredAt,
        },
      });
    }
    if (run.status === 'cancelled') {
      events.push({
        actorId: actors.operatorId,
        action: 'run.cancelled',
        subjectType: 'run',
        subjectId: run.id,
        data: { reason: 'duplicate request', demo: true, occurredAt },
      });
    }
  }
  for (const item of result.reviewItems) {
    if (item.decided_at === null) continue;
    events.push({
      actorId: actors.reviewerId,
      action: 'review.decided',
      subjectType: 'review_item',
      subjectId: item.id,
      data: {
        runId: item.run_id,
        verdict: item.status,
        reasonCode: item.reason_code,
        demo: true,
        occurredAt: item.decided_at,
      },
    });
  }
  return events;
}

/**
 * Seeds the demo day in one transaction and audits it: a `run.started` per run, the replays,
 * cancellations and review decisions as the services record them (each marked `demo: true`
 * with the time it stands for, since the trail itself only appends at the present), and one
 * `demo.seeded` event with the totals. The runs waiting for review are inert (see
 * demo-day-sql.ts), so workers leave the demo alone.
 */
export async function seedDemoDay(
  pool: pg.Pool,
  actors: TDemoActors,
  { runs = DEMO_DAY_RUNS }: { runs?: number } = {},
): Promise<TDemoDaySummary> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(DEMO_DAY_SQL, [
      z.number().int().min(20).max(100_000).parse(runs),
      JSON.stringify(demoFailures()),
      actors.requesterId,
      actors.reviewerId,
      actors.operatorId,
    ]);
    const result = ZResultSchema.parse(rows[0]);
    const events = auditEventsFor(result, actors);
    const replays = result.runs.filter((run) => run.replay_of_id !== null).length;
    const summary: TDemoDaySummary = {
      runs: result.runs.length,
      replays,
      reviewItems: result.reviewItems.length,
      deadLetters: result.deadLetters,
      modelCalls: result.modelCalls,
      checkpoints: result.checkpoints,
      auditEvents: events.length + 1,
    };
    await appendAuditEvents(client, [
      ...events,
      {
        actorId: null,
        action: 'demo.seeded',
        subjectType: 'demo',
        subjectId: 'demo-day',
        data: { ...summary },
      },
    ]);
    await client.query('COMMIT');
    return summary;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
