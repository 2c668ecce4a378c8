// PostgreSQL stopped and started again under load (DESIGN.md section 9): the worker processes
// reconnect by themselves and every run finishes, with its effects applied once. This file runs
// its own embedded cluster (a temporary data folder, a free port), not the shared test server.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../server/db/embedded-postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { startRun } from '../../server/engine/index.ts';
import { findFreePort } from '../../server/net.ts';
import { LOAD_EFFECT_STEPS, registry } from '../fixtures/crash-workflows.ts';
import {
  createEffectTables,
  pollUntil,
  printWorkerLogs,
  sleep,
  spawnWorker,
  tailOf,
  type WorkerProcess,
} from './crash-support.ts';

const RUNS = 40;
const LEASE_MS = 1_500;
const WRITING_STEPS = LOAD_EFFECT_STEPS.length;

let cluster: EmbeddedDatabase | undefined;
let dataDir: string | undefined;
let db: pg.Pool | undefined;

afterAll(async () => {
  await db?.end().catch(() => {});
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function startCluster(dir: string, port: number): Promise<EmbeddedDatabase> {
  return startEmbeddedPostgres({
    dataDir: dir,
    port,
    database: 'steward_crash',
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off'],
  });
}

describe('PostgreSQL restarted mid-load', () => {
  it('workers reconnect by themselves and every run finishes, effects applied once', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'steward-crash-pg-'));
    const port = await findFreePort();
    cluster = await startCluster(dataDir, port);
    const url = cluster.url;
    await migrate(url);
    await createEffectTables(url);
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    pool.on('error', () => {}); // idle clients lose their server while it is down
    db = pool;
    const counts = async (): Promise<Record<string, number>> => {
      const { rows } = await pool.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM runs GROUP BY status',
      );
      return Object.fromEntries(rows.map((row) => [row.status, row.n]));
    };

    const workers: WorkerProcess[] = [1, 2].map((i) =>
      spawnWorker({ name: `w${i}`, databaseUrl: url, leaseMs: LEASE_MS, concurrency: 4 }),
    );
    await Promise.all(workers.map((w) => w.waitForOutput(/ready/)));
    const runIds: string[] = [];
    for (let n = 0; n < RUNS; n += 1) {
      const { runId } = await startRun(pool, registry, {
        workflowId: 'crash-load',
        input: { n, beforeMs: 200, afterMs: 200 },
      });
      runIds.push(runId);
    }

    // Some runs are done, most are not: stop the server.
    const atStop = await pollUntil(
      async () => {
        const now = await counts();
        return (now.succeeded ?? 0) >= 5 ? now : undefined;
      },
      { timeoutMs: 30_000, describe: async () => JSON.stringify(await counts()) },
    );
    const unfinishedAtStop = RUNS - (atStop.succeeded ?? 0);
    expect(unfinishedAtStop).toBeGreaterThanOrEqual(10);
    await cluster.stop();
    cluster = undefined;
    await sleep(2_000);
    cluster = await startCluster(dataDir, port);
    const outputAtRestart = workers.map((w) => w.output().length);

    // The same worker processes finish everything.
    await pollUntil(
      async () => {
        const now = await counts().catch((): Record<string, number> => ({}));
        return now.succeeded === RUNS ? now : undefined;
      },
      {
        timeoutMs: 45_000,
        intervalMs: 200,
        describe: async () =>
          `runs by status ${JSON.stringify(await counts())} of ${RUNS}\n${tailOf(workers, 30)}`,
      },
    );
    for (const worker of workers) {
      expect(worker.child.exitCode).toBeNull();
      expect(worker.child.signalCode).toBeNull();
    }
    // Both saw the outage, and both finished runs after it.
    for (const [i, worker] of workers.entries()) {
      expect(worker.output()).toMatch(/database unreachable|claiming runs failed/);
      expect(worker.output().slice(outputAtRestart[i])).toMatch(/run \S+ succeeded/);
    }

    printWorkerLogs(workers);
    const { rows: runs } = await pool.query<{ id: string; status: string; output: unknown }>(
      'SELECT id, status, output FROM runs',
    );
    expect(runs).toHaveLength(RUNS);
    expect(runs.filter((run) => run.status !== 'succeeded')).toEqual([]);
    const { rows: effects } = await pool.query<{ n: number; keys: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys FROM effects',
    );
    expect(effects[0]).toEqual({
      n: RUNS * WRITING_STEPS,
      keys: RUNS * WRITING_STEPS,
    });
    const { rows: missing } = await pool.query(
      `SELECT r.id, s.step FROM runs r CROSS JOIN unnest($1::text[]) AS s(step)
       LEFT JOIN effects e ON e.idempotency_key = r.id || ':' || s.step
       WHERE e.idempotency_key IS NULL`,
      [[...LOAD_EFFECT_STEPS]],
    );
    expect(missing).toEqual([]);
    const { rows: duplicated } = await pool.query(
      `SELECT run_id, step_id FROM step_checkpoints GROUP BY run_id, step_id HAVING count(*) > 1`,
    );
    expect(duplicated).toEqual([]);
    const { rows: attempts } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM effect_attempts',
    );
    // Steps whose own query failed during the outage and were retried by their policy.
    const { rows: retried } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM step_checkpoints WHERE attempt_count > 1',
    );
    console.info(
      `crash-pg-restart: ${RUNS} runs, ${unfinishedAtStop} unfinished when PostgreSQL stopped, ` +
        `${RUNS * WRITING_STEPS} effects from ${attempts[0]?.n} attempts, ` +
        `${retried[0]?.n} steps retried after a failed attempt`,
    );
  }, 120_000);
});
