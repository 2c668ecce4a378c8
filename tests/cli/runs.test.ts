// `npm run steward -- runs start|get|wait|cancel` against a real database, with an in-process
// worker executing what the CLI starts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWorker, pool, steward, waitForStatus } from './support.ts';

const UNKNOWN_RUN = '00000000-0000-4000-8000-000000000000';
let folder = '';

beforeAll(async () => {
  ensureWorker();
  folder = await mkdtemp(path.join(os.tmpdir(), 'steward-cli-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function start(workflowId: string, input: unknown): Promise<string> {
  const result = await steward(['runs', 'start', workflowId, '--input', JSON.stringify(input)]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

describe('runs start', () => {
  it('queues a run and prints only its id', async () => {
    const result = await steward(['runs', 'start', 'echo', '--input', '{"message":"hello"}']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const { rows } = await pool.query(
      'SELECT workflow_id, input, requested_by_id FROM runs WHERE id = $1',
      [result.stdout.trim()],
    );
    expect(rows).toEqual([
      { workflow_id: 'echo', input: { message: 'hello' }, requested_by_id: null },
    ]);
  });

  it('reads the input from a file with @path', async () => {
    const file = path.join(folder, 'parcel.json');
    await writeFile(file, JSON.stringify({ parcel: 'P-7' }));
    const result = await steward(['runs', 'start', 'deliver', '--input', `@${file}`]);
    expect(result.code, result.stderr).toBe(0);
    const { rows } = await pool.query('SELECT input FROM runs WHERE id = $1', [
      result.stdout.trim(),
    ]);
    expect(rows[0]?.input).toEqual({ parcel: 'P-7', fail: false });
  });

  it('refuses input that does not fit the workflow, naming the field, and creates no run', async () => {
    const result = await steward(['runs', 'start', 'echo', '--input', '{"message":42}']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The input for echo is not valid: message: /);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stdout).toBe('');
    const { rows } = await pool.query(
      'SELECT id FROM runs WHERE input = \'{"message":42}\'::jsonb',
    );
    expect(rows).toEqual([]);
  });

  it('refuses an unknown workflow with exit 1', async () => {
    const result = await steward(['runs', 'start', 'no-such-workflow']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('There is no workflow "no-such-workflow".');
  });
});

describe('runs get', () => {
  it('shows status, workflow, times and steps as a table', async () => {
    const runId = await start('deliver', { parcel: 'P-1' });
    await waitForStatus(runId, ['succeeded']);
    const result = await steward(['runs', 'get', runId]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^run\\s+${runId}$`, 'm'));
    expect(result.stdout).toMatch(/^workflow\s+deliver v1$/m);
    expect(result.stdout).toMatch(/^status\s+succeeded$/m);
    expect(result.stdout).toMatch(/^finished\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/m);
    expect(result.stdout).toMatch(
      /^STEP\s+KIND\s+STATUS\s+ATTEMPTS\s+STARTED\s+FINISHED\s+ERROR$/m,
    );
    expect(result.stdout).toMatch(/^prepare\s+tool\s+succeeded\s+1\s/m);
    expect(result.stdout).toMatch(/^deliver\s+tool\s+succeeded\s+1\s/m);
  });

  it('prints JSON with --json: status, steps with attempts, error', async () => {
    const runId = await start('deliver', { parcel: 'P-2', fail: true });
    await waitForStatus(runId, ['dead']);
    const result = await steward(['runs', 'get', runId, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const run = JSON.parse(result.stdout);
    expect(run).toMatchObject({
      id: runId,
      workflowId: 'deliver',
      workflowVersion: 1,
      status: 'dead',
      engine: 'embedded',
      input: { parcel: 'P-2', fail: true },
      output: null,
      replayOfId: null,
      replays: [],
      error: {
        errorClass: 'Error',
        message: expect.stringContaining('carrier refused the parcel'),
      },
    });
    expect(Date.parse(run.createdAt)).not.toBeNaN();
    expect(Date.parse(run.finishedAt)).not.toBeNaN();
    expect(run.steps).toEqual([
      expect.objectContaining({ stepId: 'prepare', status: 'succeeded', attempts: 1, error: null }),
      expect.objectContaining({
        stepId: 'deliver',
        status: 'failed',
        attempts: 2,
        error: { errorClass: 'Error', message: 'carrier refused the parcel' },
      }),
    ]);
  });

  it('answers an unknown run with its message and exit 1', async () => {
    const result = await steward(['runs', 'get', UNKNOWN_RUN]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`There is no run ${UNKNOWN_RUN}.`);
  });
});

describe('runs wait', () => {
  it('exits 0 and prints succeeded when the run succeeds', async () => {
    const runId = await start('echo', { message: 'wait for me' });
    const result = await steward(['runs', 'wait', runId, '--timeout', '20']);
    expect(result).toMatchObject({ code: 0, stdout: 'succeeded\n' });
  });

  it('exits 1 and prints dead, with the error on stderr, when the run dies', async () => {
    const runId = await start('deliver', { parcel: 'P-3', fail: true });
    const result = await steward(['runs', 'wait', runId, '--timeout', '20']);
    expect(result).toMatchObject({ code: 1, stdout: 'dead\n' });
    expect(result.stderr).toContain('carrier refused the parcel');
  });

  it('exits 124 on timeout, printing the status the run is still in', async () => {
    const runId = await start('await-approval', {});
    await waitForStatus(runId, ['waiting']);
    const started = Date.now();
    const result = await steward(['runs', 'wait', runId, '--timeout', '1']);
    expect(result).toMatchObject({ code: 124, stdout: 'waiting\n' });
    expect(result.stderr).toContain(`timed out after 1 s; run ${runId} is still waiting`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('exits 3 when the run stops for a person', async () => {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO runs (workflow_id, workflow_version, status, input) VALUES ('echo', 1, 'needs_review', '{}') RETURNING id`,
    );
    const result = await steward(['runs', 'wait', rows[0]?.id ?? '']);
    expect(result).toMatchObject({ code: 3, stdout: 'needs_review\n' });
  });

  it('exits 1 for an unknown run', async () => {
    const result = await steward(['runs', 'wait', UNKNOWN_RUN, '--timeout', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`There is no run ${UNKNOWN_RUN}.`);
  });
});

describe('runs cancel', () => {
  it('cancels an unfinished run, with the reason recorded and audited', async () => {
    const runId = await start('await-approval', {});
    await waitForStatus(runId, ['waiting']);
    const result = await steward(['runs', 'cancel', runId, '--reason', 'customer withdrew']);
    expect(result).toMatchObject({ code: 0, stdout: `cancelled ${runId}\n` });
    const { rows } = await pool.query('SELECT status, error FROM runs WHERE id = $1', [runId]);
    expect(rows[0]).toEqual({
      status: 'cancelled',
      error: { errorClass: 'Cancelled', message: 'customer withdrew' },
    });
    const audit = await pool.query(
      "SELECT actor_id FROM audit_events WHERE action = 'run.cancelled' AND subject_id = $1",
      [runId],
    );
    expect(audit.rows).toEqual([{ actor_id: null }]);

    const waited = await steward(['runs', 'wait', runId]);
    expect(waited).toMatchObject({ code: 1, stdout: 'cancelled\n' });
  });

  it('refuses to cancel a finished run with exit 1', async () => {
    const runId = await start('echo', { message: 'done already' });
    await waitForStatus(runId, ['succeeded']);
    const result = await steward(['runs', 'cancel', runId]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Run ${runId} has already finished (succeeded); there is nothing to cancel.`,
    );
  });
});
