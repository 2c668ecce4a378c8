// Helpers for engine tests: a pool on the file's database, in-process workers that are stopped
// after each test, and polling for a run to reach a status.
import pg from 'pg';
import { afterAll, afterEach } from 'vitest';
import type { WorkflowRegistry } from '../../server/engine/define-workflow.ts';
import { startWorker, type Worker, type WorkerOptions } from '../../server/engine/worker.ts';
import { testDatabaseUrl } from '../support/database.ts';

export const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 4 });
// An idle connection is cut when the file's database is dropped: nothing to report.
pool.on('error', () => {});
afterAll(async () => {
  await pool.end();
});

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

/** An in-process worker on the test database with short timings, stopped after the test. */
export function testWorker(
  registry: WorkflowRegistry,
  options: Partial<Omit<WorkerOptions, 'registry'>> = {},
): Worker {
  const worker = startWorker({
    connectionString: testDatabaseUrl,
    registry,
    pollIntervalMs: 50,
    leaseMs: 5_000,
    concurrency: 4,
    ...options,
  });
  workers.push(worker);
  return worker;
}

export interface RunRow {
  id: string;
  status: string;
  output: unknown;
  error: unknown;
  input: unknown;
  replay_of_id: string | null;
  replay_mode: string | null;
}

/** Polls the run until its status is one of `statuses`; fails with the last status seen. */
export async function waitForRun(
  runId: string,
  statuses: string[],
  timeoutMs = 15_000,
): Promise<RunRow> {
  const deadline = Date.now() + timeoutMs;
  let last = '(none)';
  while (Date.now() < deadline) {
    const { rows } = await pool.query<RunRow>(
      'SELECT id, status, output, error, input, replay_of_id, replay_mode FROM runs WHERE id = $1',
      [runId],
    );
    const row = rows[0];
    if (row && statuses.includes(row.status)) return row;
    last = row?.status ?? '(no such run)';
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(
    `run ${runId} did not reach ${statuses.join('/')} within ${timeoutMs} ms (last: ${last})`,
  );
}

export interface CheckpointRow {
  step_id: string;
  status: string;
  attempt_count: number;
  attempts: {
    attempt: number;
    startedAt: string;
    finishedAt: string | null;
    errorClass: string | null;
    message: string | null;
    retryInMs?: number | null;
  }[];
  output: unknown;
  error: unknown;
  idempotency_key: string | null;
}

/** The run's checkpoints by step id. */
export async function checkpointsOf(runId: string): Promise<Record<string, CheckpointRow>> {
  const { rows } = await pool.query<CheckpointRow>(
    'SELECT step_id, status, attempt_count, attempts, output, error, idempotency_key FROM step_checkpoints WHERE run_id = $1',
    [runId],
  );
  return Object.fromEntries(rows.map((row) => [row.step_id, row]));
}

/** Fast retries for tests: the policy's shape, with millisecond delays and no jitter. */
export const quickRetry = { initialDelayMs: 20, factor: 2, maxDelayMs: 200, jitter: 0 };
