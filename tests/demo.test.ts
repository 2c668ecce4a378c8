// The demo day against a real database: runs of the three example workflows in every state,
// pending review items, dead letters in groups, replays linked to their origin, all audited with
// an intact chain; `demo reset` through the real CLI refuses a DATABASE_URL database without
// --force, and with it empties the core records (users and the audit trail stay) and seeds again.
import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { verifyAuditChain } from '../server/audit/verify-audit-chain.ts';
import { findDemoActors, seedDemoDay } from '../server/demo/seed-demo-day.ts';
import { steward } from './cli/support.ts';
import { testDatabaseUrl } from './support/database.ts';

const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 3 });
pool.on('error', () => {});
afterAll(async () => {
  await pool.end();
});

beforeEach(async () => {
  await pool.query(
    'TRUNCATE audit_events, dead_letters, review_items, validation_results, model_calls, step_checkpoints, events, runs, users CASCADE',
  );
});

async function rowsOf<T extends z.ZodType>(schema: T, text: string): Promise<z.infer<T>[]> {
  const { rows } = await pool.query(text);
  return z.array(schema).parse(rows);
}

async function count(text: string): Promise<number> {
  const [row] = await rowsOf(z.object({ n: z.number() }), text);
  return row?.n ?? -1;
}

async function insertUser(role: string): Promise<string> {
  const { rows } = await pool.query(
    `INSERT INTO users (email, name, role) VALUES ($1, $1, $2::"Role") RETURNING id::text`,
    [`${role}@steward.local`, role],
  );
  return z.object({ id: z.string() }).parse(rows[0]).id;
}

describe('seedDemoDay', () => {
  it('adds runs of every example workflow in every state, with their review items, dead letters and replays', async () => {
    const requesterId = await insertUser('requester');
    const reviewerId = await insertUser('reviewer');
    const operatorId = await insertUser('operations');
    const actors = await findDemoActors(pool);
    expect(actors).toEqual({ requesterId, reviewerId, operatorId });

    const summary = await seedDemoDay(pool, actors);

    expect(summary.runs).toBe(336); // 320, and 16 replays
    expect(summary.replays).toBe(16);
    const statuses = await rowsOf(
      z.object({ workflow_id: z.string(), status: z.string(), n: z.number() }),
      `SELECT workflow_id, status::text, count(*)::int AS n FROM runs GROUP BY 1, 2`,
    );
    for (const workflow of ['invoice-approval', 'lead-enrichment', 'address-change']) {
      const seen = statuses.filter((row) => row.workflow_id === workflow).map((row) => row.status);
      expect(seen.sort(), workflow).toEqual(
        ['cancelled', 'dead', 'failed', 'needs_review', 'succeeded'].sort(),
      );
    }
    expect(
      await count(`SELECT count(*)::int AS n FROM runs WHERE requested_by_id <> '${requesterId}'`),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM runs WHERE created_at > now() OR created_at < now() - interval '4 days'`,
      ),
    ).toBe(0);

    // Waiting for review: an open item each, and inert (due in years, nothing waiting).
    expect(await count(`SELECT count(*)::int AS n FROM runs WHERE status = 'needs_review'`)).toBe(
      32,
    );
    expect(
      await count(`SELECT count(*)::int AS n FROM review_items ri JOIN runs r ON r.id = ri.run_id
       WHERE r.status = 'needs_review' AND ri.status IN ('pending', 'escalated')`),
    ).toBe(32);
    expect(
      await count(`SELECT count(*)::int AS n FROM review_items WHERE status = 'escalated'`),
    ).toBeGreaterThan(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM runs WHERE status = 'needs_review' AND run_after < now() + interval '5 years'`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM step_checkpoints WHERE status IN ('waiting', 'sleeping', 'running')`,
      ),
    ).toBe(0);
    // Decided items: by the reviewer, approved and rejected.
    const decided = await rowsOf(
      z.object({ status: z.string(), n: z.number() }),
      `SELECT status::text, count(*)::int AS n FROM review_items WHERE decided_at IS NOT NULL AND decided_by_id = '${reviewerId}' GROUP BY 1 ORDER BY 1`,
    );
    expect(decided.map((row) => row.status)).toEqual(['approved', 'rejected']);

    // Dead letters: open ones in several groups; the replayed ones resolved and linked.
    const groups = await count(
      `SELECT count(DISTINCT group_key)::int AS n FROM dead_letters WHERE resolved_at IS NULL`,
    );
    expect(groups).toBeGreaterThanOrEqual(4);
    expect(
      await count(`SELECT count(*)::int AS n FROM dead_letters WHERE resolved_at IS NULL`),
    ).toBe(16);
    expect(
      await count(`SELECT count(*)::int AS n FROM dead_letters d JOIN runs replay ON replay.replay_of_id = d.run_id
       WHERE d.resolution = 'replayed' AND d.resolved_by_id = '${operatorId}' AND replay.replay_mode = 'from_start'
         AND replay.status = 'succeeded' AND replay.created_at > d.created_at`),
    ).toBe(16);

    // Every run has its plan checkpoint and model call; failed and dead ones their failed step.
    expect(
      await count(`SELECT count(*)::int AS n FROM runs r WHERE NOT EXISTS (SELECT 1 FROM step_checkpoints c WHERE c.run_id = r.id AND c.step_id = 'plan' AND c.status = 'succeeded')
       OR NOT EXISTS (SELECT 1 FROM model_calls m WHERE m.run_id = r.id)`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM runs r WHERE r.status IN ('failed', 'dead')
       AND NOT EXISTS (SELECT 1 FROM step_checkpoints c WHERE c.run_id = r.id AND c.status = 'failed' AND c.attempt_count = 3)`),
    ).toBe(0);

    // Audited: one run.started per origin run, replays and decisions, chain intact.
    const actions = await rowsOf(
      z.object({ action: z.string(), n: z.number() }),
      `SELECT action, count(*)::int AS n FROM audit_events GROUP BY 1 ORDER BY 1`,
    );
    expect(Object.fromEntries(actions.map((row) => [row.action, row.n]))).toMatchObject({
      'run.started': 320,
      'run.replay_requested': 16,
      'run.replayed': 16,
      'run.cancelled': 16,
      'demo.seeded': 1,
    });
    expect(summary.auditEvents).toBe(await count('SELECT count(*)::int AS n FROM audit_events'));
    expect((await verifyAuditChain(pool)).ok).toBe(true);
  });
});

describe('steward demo reset', () => {
  it('refuses a DATABASE_URL database without --force, and changes nothing', async () => {
    await seedDemoDay(pool, await findDemoActors(pool), { runs: 40 });
    const result = await steward(['demo', 'reset']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Refusing to reset');
    expect(result.stderr).toContain('--force');
    expect(await count('SELECT count(*)::int AS n FROM runs')).toBe(42);
  });

  it('with --force empties the core records, keeps users and the audit trail, records the reset and seeds the day again', async () => {
    const operatorId = await insertUser('operations');
    await seedDemoDay(pool, await findDemoActors(pool), { runs: 40 });
    await pool.query(`INSERT INTO events (name) VALUES ('something.happened')`);
    const eventsBefore = await count('SELECT count(*)::int AS n FROM audit_events');

    const result = await steward(['demo', 'reset', '--force']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'removed: dead_letters 4, review_items 6, validation_results 0, model_calls 42, step_checkpoints 48, events 1, runs 42\n' +
        // No systems of record in this database, so no documents to hand over (tests/demo-documents.test.ts has them).
        'seeded: 336 runs (16 replays), 48 review items, 32 dead letters, 336 model calls, 384 checkpoints, 385 audit events; 0 runs handed documents, worked by the engine with a recorded model\n',
    );
    expect(await count('SELECT count(*)::int AS n FROM runs')).toBe(336);
    expect(await count('SELECT count(*)::int AS n FROM events')).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM users WHERE id = '${operatorId}'`)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM audit_events')).toBe(eventsBefore + 1 + 385);
    const [reset] = await rowsOf(
      z.object({ data: z.unknown() }),
      `SELECT data FROM audit_events WHERE action = 'demo.reset'`,
    );
    expect(reset?.data).toEqual({
      removed: {
        dead_letters: 4,
        review_items: 6,
        validation_results: 0,
        model_calls: 42,
        step_checkpoints: 48,
        events: 1,
        runs: 42,
      },
    });
    expect((await verifyAuditChain(pool)).ok).toBe(true);
  });
});
