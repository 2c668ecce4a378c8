// `npm run steward -- runs replay` in each mode, and `dead-letters list`, on runs that died in
// the fixture's `deliver` step.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { carrierOutage } from '../fixtures/cli-workflows.ts';
import { ensureWorker, pool, steward, waitForStatus } from './support.ts';

beforeAll(() => {
  ensureWorker();
});
afterEach(() => {
  carrierOutage.isActive = true;
});

interface RunRow {
  id: string;
  status: string;
  input: unknown;
  output: unknown;
  replay_of_id: string | null;
  replay_mode: string | null;
}

async function runRow(runId: string): Promise<RunRow | undefined> {
  const { rows } = await pool.query<RunRow>(
    'SELECT id, status, input, output, replay_of_id, replay_mode FROM runs WHERE id = $1',
    [runId],
  );
  return rows[0];
}

/** A `deliver` run that died in its `deliver` step. */
async function deadRun(parcel: string): Promise<string> {
  const result = await steward([
    'runs',
    'start',
    'deliver',
    '--input',
    JSON.stringify({ parcel, fail: true }),
  ]);
  expect(result.code, result.stderr).toBe(0);
  const runId = result.stdout.trim();
  await waitForStatus(runId, ['dead']);
  return runId;
}

describe('runs replay', () => {
  it('--from failed-step queues the same run again, keeping its finished steps', async () => {
    const runId = await deadRun('R-1');
    carrierOutage.isActive = false; // the carrier is back

    const result = await steward(['runs', 'replay', runId, '--from', 'failed-step']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${runId}\n`);
    expect(result.stderr).toContain('queued again from its failed step');
    await waitForStatus(runId, ['succeeded']);
    expect((await runRow(runId))?.output).toEqual({ delivered: 'parcel R-1' });
    const { rows } = await pool.query(
      'SELECT step_id, attempt_count FROM step_checkpoints WHERE run_id = $1 ORDER BY step_id',
      [runId],
    );
    // prepare ran once, before the replay; deliver got fresh attempts and succeeded on the first.
    expect(rows).toEqual([
      { step_id: 'deliver', attempt_count: 1 },
      { step_id: 'prepare', attempt_count: 1 },
    ]);
  });

  it('--from start makes a new run linked to the dead one, with the same input', async () => {
    const runId = await deadRun('R-2');
    const result = await steward(['runs', 'replay', runId, '--from', 'start']);
    expect(result.code, result.stderr).toBe(0);
    const newRunId = result.stdout.trim();
    expect(newRunId).not.toBe(runId);
    expect(await runRow(newRunId)).toMatchObject({
      replay_of_id: runId,
      replay_mode: 'from_start',
      input: { parcel: 'R-2', fail: true },
    });
    await waitForStatus(newRunId, ['dead']); // same input, carrier still down

    const shown = JSON.parse((await steward(['runs', 'get', runId, '--json'])).stdout);
    expect(shown.replays).toEqual([
      expect.objectContaining({ id: newRunId, replayMode: 'from_start' }),
    ]);
  });

  it('--input replays from the start with the corrected input', async () => {
    const runId = await deadRun('R-3');
    const result = await steward([
      'runs',
      'replay',
      runId,
      '--input',
      JSON.stringify({ parcel: 'R-3b' }),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const newRunId = result.stdout.trim();
    expect(await runRow(newRunId)).toMatchObject({
      replay_of_id: runId,
      replay_mode: 'with_input',
      input: { parcel: 'R-3b', fail: false },
    });
    await waitForStatus(newRunId, ['succeeded']);
    expect((await runRow(newRunId))?.output).toEqual({ delivered: 'parcel R-3b' });
  });

  it('refuses a corrected input that does not fit, naming the field, and changes nothing', async () => {
    const runId = await deadRun('R-4');
    const result = await steward([
      'runs',
      'replay',
      runId,
      '--from',
      'start',
      '--input',
      '{"parcel":""}',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The input for deliver is not valid: parcel: /);
    const { rows } = await pool.query('SELECT id FROM runs WHERE replay_of_id = $1', [runId]);
    expect(rows).toEqual([]);
    expect((await runRow(runId))?.status).toBe('dead');
  });

  it('refuses to replay a run that did not fail, with exit 1', async () => {
    const started = await steward(['runs', 'start', 'echo', '--input', '{"message":"fine"}']);
    const runId = started.stdout.trim();
    await waitForStatus(runId, ['succeeded']);
    const result = await steward(['runs', 'replay', runId, '--from', 'start']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Run ${runId} is succeeded; only dead, failed or cancelled runs can be replayed.`,
    );
  });
});

describe('dead-letters list', () => {
  it('lists open dead letters (run, workflow, step, error, attempts, age) and drops replayed ones', async () => {
    const runId = await deadRun('D-1');

    const json = await steward(['dead-letters', 'list', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const letters: { runId: string }[] = JSON.parse(json.stdout);
    expect(letters.find((letter) => letter.runId === runId)).toMatchObject({
      runId,
      workflowId: 'deliver',
      stepId: 'deliver',
      errorClass: 'Error',
      message: expect.stringContaining('carrier refused the parcel'),
      attempts: 2,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const table = await steward(['dead-letters', 'list']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^RUN\s+WORKFLOW\s+STEP\s+ERROR\s+ATTEMPTS\s+AGE\s+MESSAGE$/m);
    expect(table.stdout).toMatch(
      new RegExp(
        `^${runId}\\s+deliver\\s+deliver\\s+Error\\s+2\\s+\\d+[smhd]\\s+.*carrier refused the parcel$`,
        'm',
      ),
    );

    expect((await steward(['runs', 'replay', runId, '--from', 'start'])).code).toBe(0);
    const after: { runId: string }[] = JSON.parse(
      (await steward(['dead-letters', 'list', '--json'])).stdout,
    );
    expect(after.map((letter) => letter.runId)).not.toContain(runId);
  });
});
