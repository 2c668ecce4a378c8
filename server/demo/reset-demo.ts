/**
 * `demo reset`: empties the core records and seeds the demo day again. Users stay, and so does
 * the audit trail, which is append-only: the reset is one more event in it (`demo.reset`), and
 * the events about deleted runs keep naming them by id as history.
 */
import type pg from 'pg';
import { z } from 'zod';
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { seedDemoDocumentRuns } from './document-runs.ts';
import { findDemoActors, seedDemoDay, type TDemoDaySummary } from './seed-demo-day.ts';

/** The tables a reset empties: every core record of runs, never users or the audit trail. */
export const DEMO_RESET_TABLES = [
  'dead_letters',
  'review_items',
  'validation_results',
  'model_calls',
  'step_checkpoints',
  'events',
  'runs',
] as const;

/** What a reset removed (rows per table) and what the new demo day added. */
export interface TDemoResetSummary {
  removed: Record<(typeof DEMO_RESET_TABLES)[number], number>;
  /** The inserted demo day, and the document runs worked for real. */
  seeded: TDemoDaySummary & { documentRuns: number };
}

/**
 * Deletes every row of DEMO_RESET_TABLES and records `demo.reset` with the counts, in one
 * transaction (DELETE, not TRUNCATE: the counts are the audit's, and a concurrent reader sees
 * the old day or the new, never half); then seeds the demo day (its own transaction).
 */
export async function resetDemo(
  pool: pg.Pool,
  { actorId = null, runs }: { actorId?: string | null; runs?: number } = {},
): Promise<TDemoResetSummary> {
  const client = await pool.connect();
  const removed: Record<string, number> = {};
  try {
    await client.query('BEGIN');
    for (const table of DEMO_RESET_TABLES) {
      const result = await client.query(`DELETE FROM ${table}`);
      removed[table] = result.rowCount ?? 0;
    }
    await appendAuditEvent(client, {
      actorId,
      action: 'demo.reset',
      subjectType: 'demo',
      subjectId: 'demo-day',
      data: { removed },
    });
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  const actors = await findDemoActors(pool);
  // Real runs first: the worker that works them must not find the inserted day's queued runs.
  const documentRuns = await seedDemoDocumentRuns(pool, actors);
  const seeded = { ...(await seedDemoDay(pool, actors, { runs })), documentRuns };
  return {
    removed: z.record(z.enum(DEMO_RESET_TABLES), z.number().int()).parse(removed),
    seeded,
  };
}
