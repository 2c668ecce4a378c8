// The audit trail is hash-chained and append-only: the database refuses UPDATE and DELETE, and
// verifyAuditChain names the first event that no longer fits the chain when the owner tampers
// with it anyway (trigger disabled).
import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appendAuditEvent, auditHash } from '../../server/audit/append-audit-event.ts';
import { verifyAuditChain } from '../../server/audit/verify-audit-chain.ts';
import {
  cancelRun,
  createWorkflowRegistry,
  defineWorkflow,
  startRun,
} from '../../server/engine/index.ts';
import { withTransaction } from '../../server/engine/transaction.ts';
import { testDatabaseUrl } from '../support/database.ts';

const TRIGGER = 'audit_events_append_only';
const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 8 });
// An idle connection is cut when the file's database is dropped: nothing to report.
pool.on('error', () => {});
afterAll(async () => {
  await pool.end();
});

const registry = createWorkflowRegistry([
  defineWorkflow({
    id: 'noop',
    version: 1,
    title: 'No-op',
    description: 'a run that is only started and cancelled here; no worker executes it',
    input: z.object({}),
    async run() {},
  }),
]);

// Each test starts from an empty trail (TRUNCATE stays allowed, for fixtures like this one).
beforeEach(async () => {
  await pool.query('TRUNCATE audit_events RESTART IDENTITY');
});

function append(subjectId: string, data: Record<string, string | number> = {}): Promise<void> {
  return withTransaction(pool, (client) =>
    appendAuditEvent(client, {
      actorId: null,
      action: 'test.appended',
      subjectType: 'test',
      subjectId,
      data,
    }),
  );
}

/** Runs `sql` with the append-only trigger disabled, as only the table's owner can. */
async function tamper(sql: string, values: unknown[] = []): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
    await client.query(sql, values);
    await client.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
  });
}

async function eventIds(): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    'SELECT id::text AS id FROM audit_events ORDER BY id',
  );
  return rows.map((row) => row.id);
}

/** A trail of five events: three appended directly, then a run started and cancelled. */
async function fiveEvents(): Promise<{ runId: string }> {
  await append('a', { n: 1 });
  await append('b', { n: 2, note: 'ünïcode ✓' });
  await append('c');
  const { runId } = await startRun(pool, registry, { workflowId: 'noop', input: {} });
  await cancelRun(pool, { runId, reason: 'not needed' });
  return { runId };
}

describe('verifyAuditChain on an untouched trail', () => {
  it('is ok for appends and real state changes, and reports the count and the head hash', async () => {
    const { runId } = await fiveEvents();
    const { rows } = await pool.query<{ action: string; subject_id: string; hash: string }>(
      'SELECT action, subject_id, hash FROM audit_events ORDER BY id',
    );
    expect(rows.map((row) => row.action)).toEqual([
      'test.appended',
      'test.appended',
      'test.appended',
      'run.started',
      'run.cancelled',
    ]);
    expect(rows[4]?.subject_id).toBe(runId);
    expect(await verifyAuditChain(pool)).toEqual({ ok: true, events: 5, headHash: rows[4]?.hash });
  });

  it('is ok for an empty trail', async () => {
    expect(await verifyAuditChain(pool)).toEqual({ ok: true, events: 0, headHash: null });
  });

  it('reads the trail in pages, in id order, and gives the same answer', async () => {
    await fiveEvents();
    for (let n = 6; n <= 12; n += 1) await append(`more-${n}`, { n }); // ids past 9 and 10
    const whole = await verifyAuditChain(pool);
    expect(await verifyAuditChain(pool, { batchSize: 2 })).toEqual(whole);
    expect(await verifyAuditChain(pool, { batchSize: 5 })).toEqual(whole);
    expect(whole).toMatchObject({ ok: true, events: 12 });
  });

  it('holds whatever time zone the sessions that append and verify are in', async () => {
    const nepal = new pg.Pool({
      connectionString: testDatabaseUrl,
      max: 1,
      options: '-c TimeZone=Asia/Kathmandu',
    });
    try {
      await append('utc');
      await withTransaction(nepal, (client) =>
        appendAuditEvent(client, {
          actorId: null,
          action: 'test.tz',
          subjectType: 'test',
          subjectId: 'npt',
        }),
      );
      expect(await verifyAuditChain(nepal)).toMatchObject({ ok: true, events: 2 });
      expect(await verifyAuditChain(pool)).toMatchObject({ ok: true, events: 2 });
    } finally {
      await nepal.end();
    }
  });

  it('holds for an actor id spelled in capitals and data with an undefined field', async () => {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO users (email, name) VALUES ('auditor@example.com', 'Auditor') RETURNING id`,
    );
    const actorId = z.string().parse(rows[0]?.id);
    // What a caller's optional field looks like at run time: present, and undefined.
    const details: { kept: number; dropped?: string } = { kept: 1, dropped: undefined };
    await withTransaction(pool, (client) =>
      appendAuditEvent(client, {
        actorId: actorId.toUpperCase(),
        action: 'test.spelling',
        subjectType: 'test',
        subjectId: 'x',
        data: details,
      }),
    );
    expect(await verifyAuditChain(pool)).toMatchObject({ ok: true, events: 1 });
  });

  it('concurrent appends from many transactions form one chain without forks', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, n) => append(`concurrent-${n}`, { n })));
    const { rows } = await pool.query<{ events: number; links: number; firsts: number }>(
      `SELECT count(*)::int AS events, count(DISTINCT prev_hash)::int AS links,
              count(*) FILTER (WHERE prev_hash IS NULL)::int AS firsts FROM audit_events`,
    );
    expect(rows[0]).toEqual({ events: 40, links: 39, firsts: 1 });
    expect(await verifyAuditChain(pool)).toMatchObject({ ok: true, events: 40 });
  });

  it('refuses to append in a REPEATABLE READ transaction, where the head could be stale', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await expect(
        appendAuditEvent(client, {
          actorId: null,
          action: 'test.rr',
          subjectType: 'test',
          subjectId: 'rr',
        }),
      ).rejects.toThrow(/needs a READ COMMITTED transaction, not REPEATABLE READ/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await eventIds()).toEqual([]);
  });
});

describe('the database', () => {
  it('refuses UPDATE on audit_events and leaves the event as it was', async () => {
    await append('a', { amount: 100 });
    await expect(pool.query(`UPDATE audit_events SET data = '{"amount": 1}'`)).rejects.toThrow(
      'audit_events is append-only: UPDATE is refused',
    );
    const { rows } = await pool.query('SELECT data FROM audit_events');
    expect(rows).toEqual([{ data: { amount: 100 } }]);
  });

  it('refuses DELETE on audit_events and keeps every event', async () => {
    await append('a');
    await append('b');
    await expect(pool.query('DELETE FROM audit_events WHERE id = 1')).rejects.toThrow(
      'audit_events is append-only: DELETE is refused',
    );
    expect(await eventIds()).toEqual(['1', '2']);
  });
});

describe('verifyAuditChain on a tampered trail', () => {
  it('names the edited event as a hash mismatch', async () => {
    await fiveEvents();
    const { rows } = await pool.query<{ hash: string }>(
      'SELECT hash FROM audit_events WHERE id = 2',
    );
    await tamper(`UPDATE audit_events SET data = '{"n": 20, "note": "ünïcode ✓"}' WHERE id = 2`);
    const report = await verifyAuditChain(pool);
    expect(report).toMatchObject({
      ok: false,
      events: 2,
      firstBroken: {
        id: '2',
        action: 'test.appended',
        subjectType: 'test',
        subjectId: 'b',
        problem: 'hash-mismatch',
        found: rows[0]?.hash,
      },
    });
    expect(report.ok === false && report.firstBroken.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(report.ok === false && report.firstBroken.expected).not.toBe(rows[0]?.hash);
    // The same answer when the edited event is the first of a page.
    expect(await verifyAuditChain(pool, { batchSize: 1 })).toEqual(report);
  });

  it('names the event after a deleted one as a broken link', async () => {
    await fiveEvents();
    const { rows } = await pool.query<{ id: string; hash: string; prev_hash: string }>(
      'SELECT id::text AS id, hash, prev_hash FROM audit_events WHERE id IN (2, 4) ORDER BY id',
    );
    await tamper('DELETE FROM audit_events WHERE id = 3');
    expect(await verifyAuditChain(pool)).toMatchObject({
      ok: false,
      events: 3,
      firstBroken: {
        id: '4',
        action: 'run.started',
        subjectType: 'run',
        problem: 'broken-link',
        expected: rows[0]?.hash,
        found: rows[1]?.prev_hash,
      },
    });
  });

  it('names the event after one rewritten with a freshly computed hash as a broken link', async () => {
    await fiveEvents();
    const { rows } = await pool.query(
      `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, prev_hash
       FROM audit_events WHERE id = 2`,
    );
    const row = z.object({ at: z.string(), prev_hash: z.string() }).parse(rows[0]);
    const forged = { actorId: null, action: 'test.appended', subjectType: 'test', subjectId: 'b' };
    const hash = auditHash(row.prev_hash, { ...forged, data: { n: 200 } }, row.at);
    await tamper(`UPDATE audit_events SET data = '{"n": 200}', hash = $1 WHERE id = 2`, [hash]);
    expect(await verifyAuditChain(pool)).toMatchObject({
      ok: false,
      events: 3,
      firstBroken: { id: '3', subjectId: 'c', problem: 'broken-link', expected: hash },
    });
  });

  it('names a first event that links to one that is gone', async () => {
    await fiveEvents();
    await tamper('DELETE FROM audit_events WHERE id = 1');
    expect(await verifyAuditChain(pool)).toMatchObject({
      ok: false,
      events: 1,
      firstBroken: { id: '2', problem: 'broken-link', expected: null },
    });
  });

  it('names an event whose data is not a JSON object as malformed', async () => {
    await fiveEvents();
    await tamper(`UPDATE audit_events SET data = '[1]' WHERE id = 5`);
    expect(await verifyAuditChain(pool)).toMatchObject({
      ok: false,
      events: 5,
      firstBroken: { id: '5', action: 'run.cancelled', problem: 'malformed', found: '[1]' },
    });
  });
});
