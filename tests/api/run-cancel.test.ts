// run.cancel: operations stop a run, with the reason on the audit trail; others are refused and
// nothing changes; a finished run cannot be cancelled.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../server/api/root.ts';
import { createDb } from '../../server/db/client.ts';
import { testUser } from '../support/auth.ts';
import { testDatabaseUrl } from '../support/database.ts';

process.env.DATABASE_URL = testDatabaseUrl;
const db = createDb(testDatabaseUrl);
const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
pool.on('error', () => {});
afterAll(async () => {
  await pool.end();
  await db.$disconnect();
});

async function queuedRun(status = 'queued') {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO runs (workflow_id, workflow_version, status, input, run_after)
     VALUES ('invoice-approval', 1, $1::"RunStatus", '{}', now() + interval '1 day') RETURNING id`,
    [status],
  );
  return rows[0]?.id ?? '';
}

async function callerFor(role: 'operations' | 'requester' | 'reviewer' | 'admin') {
  const user = await testUser(pool, role);
  const caller = createCaller({
    db,
    headers: new Headers(),
    user: { id: user.id, email: user.email, name: role, role },
  });
  return { caller, user };
}

describe('run.cancel', () => {
  it('cancels a run as an operations user, with the reason audited', async () => {
    const runId = await queuedRun();
    const { caller, user } = await callerFor('operations');
    expect(await caller.run.cancel({ id: runId, reason: 'entered twice' })).toEqual({
      runId,
      inngest: 'not_needed',
    });
    const { rows } = await pool.query('SELECT status FROM runs WHERE id = $1', [runId]);
    expect(rows[0].status).toBe('cancelled');
    const audit = await pool.query(
      `SELECT actor_id, data FROM audit_events WHERE action = 'run.cancelled' AND subject_id = $1`,
      [runId],
    );
    expect(audit.rows).toMatchObject([{ actor_id: user.id, data: { reason: 'entered twice' } }]);
  });

  it.each(['requester', 'reviewer', 'admin'] as const)(
    'refuses a %s and changes nothing',
    async (role) => {
      const runId = await queuedRun();
      const { caller } = await callerFor(role);
      await expect(
        caller.run.cancel({ id: runId, reason: 'not mine to stop' }),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      const { rows } = await pool.query('SELECT status FROM runs WHERE id = $1', [runId]);
      expect(rows[0].status).toBe('queued');
    },
  );

  it('refuses a finished run and a missing reason', async () => {
    const { caller } = await callerFor('operations');
    const finished = await queuedRun('succeeded');
    await expect(caller.run.cancel({ id: finished, reason: 'too late' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(caller.run.cancel({ id: await queuedRun(), reason: '' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
