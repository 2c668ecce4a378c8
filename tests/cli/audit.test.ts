// `npm run steward -- audit verify` against a real database: the trail the CLI's own commands
// wrote is intact; after the table's owner edits an event behind the trigger's back, the command
// names that event and exits 1.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pool, steward } from './support.ts';

async function startRun(message: string): Promise<string> {
  const result = await steward(['runs', 'start', 'echo', '--input', JSON.stringify({ message })]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

async function headHash(): Promise<string> {
  const { rows } = await pool.query('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1');
  return z.string().parse(rows[0]?.hash);
}

describe('audit verify', () => {
  it('reports an intact trail with its event count and head hash, and exits 0', async () => {
    const empty = await steward(['audit', 'verify']);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toBe('audit trail intact: 0 events, head - (empty)\n');

    await startRun('one');
    const runId = await startRun('two');
    const cancelled = await steward(['runs', 'cancel', runId, '--reason', 'test']);
    expect(cancelled.code, cancelled.stderr).toBe(0);

    const result = await steward(['audit', 'verify']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`audit trail intact: 3 events, head ${await headHash()}\n`);

    const json = await steward(['audit', 'verify', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, events: 3, headHash: await headHash() });
  });

  it('names the edited event and what is wrong with it, and exits 1', async () => {
    const runId = await startRun('three');
    const { rows } = await pool.query(
      `SELECT id::text AS id FROM audit_events WHERE subject_id = $1 AND action = 'run.started'`,
      [runId],
    );
    const id = z.string().parse(rows[0]?.id);
    await startRun('four'); // the edited event is not the head
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await client.query(
        `UPDATE audit_events SET data = data || '{"workflowVersion": 2}' WHERE id = $1`,
        [id],
      );
      await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const result = await steward(['audit', 'verify']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^audit trail broken at event ${id} \\(hash-mismatch\\): \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z run\\.started run ${runId}\\n$`,
      ),
    );
    expect(result.stderr).toContain(`Event ${id}: its fields hash to `);
    expect(result.stderr).toContain('(the event was edited)');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const json = await steward(['audit', 'verify', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      firstBroken: {
        id,
        action: 'run.started',
        subjectType: 'run',
        subjectId: runId,
        problem: 'hash-mismatch',
      },
    });
  });

  it('answers an unexpected argument with the usage and exit 2', async () => {
    const result = await steward(['audit', 'verify', 'now']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unexpected argument "now"');
  });
});
