// Helpers for command-line tests: the real CLI as a child process on this file's database, and
// an in-process worker (on the same fixture workflows) to execute what it starts.
import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll } from 'vitest';
import { startWorker, type Worker } from '../../server/engine/index.ts';
import { registry } from '../fixtures/cli-workflows.ts';
import { testDatabaseUrl } from '../support/database.ts';

export const FIXTURE_MODULE = 'tests/fixtures/cli-workflows.ts';

export const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 3 });
// An idle connection is cut when the file's database is dropped: nothing to report.
pool.on('error', () => {});

let worker: Worker | undefined;
afterAll(async () => {
  await worker?.stop();
  await pool.end();
});

/** One in-process worker for the file, with short timings; stopped when the file ends. */
export function ensureWorker(): Worker {
  worker ??= startWorker({
    connectionString: testDatabaseUrl,
    registry,
    pollIntervalMs: 50,
    leaseMs: 5_000,
    concurrency: 4,
  });
  return worker;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node scripts/steward.ts ...args` on the test database with the fixture workflows. */
export async function steward(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, ['scripts/steward.ts', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: testDatabaseUrl,
      STEWARD_WORKFLOWS_MODULE: FIXTURE_MODULE,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

/** Polls until the run has one of `statuses`; fails with the last status seen. */
export async function waitForStatus(
  runId: string,
  statuses: string[],
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '(none)';
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ status: string }>('SELECT status FROM runs WHERE id = $1', [
      runId,
    ]);
    last = rows[0]?.status ?? '(no such run)';
    if (statuses.includes(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`run ${runId} did not reach ${statuses.join('/')} (last: ${last})`);
}
