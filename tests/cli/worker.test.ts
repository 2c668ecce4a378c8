// `npm run worker` (scripts/worker.ts) as a child process: it executes queued runs, stops
// gracefully on SIGTERM with exit code 0, shares or starts the embedded database, and keeps
// going through a PostgreSQL restart.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres.ts';
import { EMBEDDED_DATABASE } from '../../server/db/open-database.ts';
import { startRun } from '../../server/engine/index.ts';
import { findFreePort } from '../../server/net.ts';
import { registry } from '../fixtures/echo-workflows.ts';
import { testDatabaseUrl } from '../support/database.ts';

interface WorkerChild {
  child: ChildProcess;
  output: () => string;
}

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

function startWorkerProcess(env: Record<string, string>): WorkerChild {
  let output = '';
  const child = spawn(process.execPath, ['scripts/worker.ts'], {
    env: {
      ...process.env,
      STEWARD_WORKFLOWS_MODULE: 'tests/fixtures/echo-workflows.ts',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

async function waitForOutput(worker: WorkerChild, pattern: RegExp, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pattern.test(worker.output())) return;
    if (worker.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`worker output never matched ${pattern}:\n${worker.output()}`);
}

async function sigterm(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

function poolOn(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  cleanups.push(() => pool.end());
  return pool;
}

async function waitForRuns(pool: pg.Pool, runIds: string[], timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let statuses: string[] = [];
  while (Date.now() < deadline) {
    try {
      const { rows } = await pool.query<{ status: string }>(
        'SELECT status FROM runs WHERE id = ANY($1::uuid[]) ORDER BY id',
        [runIds],
      );
      statuses = rows.map((row) => row.status);
      if (statuses.length === runIds.length && statuses.every((s) => s === 'succeeded')) {
        return statuses;
      }
    } catch {
      // the database may still be coming back
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return statuses;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'steward-worker-'));
  await chmod(dir, 0o755);
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('npm run worker', () => {
  it('executes queued runs and stops on SIGTERM with exit code 0', async () => {
    const worker = startWorkerProcess({
      DATABASE_URL: testDatabaseUrl,
      STEWARD_WORKER_CONCURRENCY: '3',
    });
    await waitForOutput(worker, /ready: 1 workflow\(s\) \[echo\], concurrency 3/);

    const pool = poolOn(testDatabaseUrl);
    const runIds: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      runIds.push(
        (await startRun(pool, registry, { workflowId: 'echo', input: { message: `m${i}` } })).runId,
      );
    }
    expect(await waitForRuns(pool, runIds)).toEqual(runIds.map(() => 'succeeded'));
    const { rows } = await pool.query('SELECT output FROM runs WHERE id = $1', [runIds[0]]);
    expect(rows[0]?.output).toEqual({ echoed: 'm0' });

    expect(await sigterm(worker.child)).toBe(0);
    expect(worker.output()).toMatch(/SIGTERM: stopping/);
    expect(worker.output()).toMatch(/stopped\n$/);
  });

  it('starts the embedded database when nothing runs it, and stops it on exit', async () => {
    const dataDir = await tempDir();
    const worker = startWorkerProcess({
      DATABASE_URL: '',
      STEWARD_DATA_DIR: dataDir,
      STEWARD_PG_PORT: String(await findFreePort()),
    });
    await waitForOutput(worker, /ready: /, 60_000);
    expect(worker.output()).toMatch(/database: embedded PostgreSQL on port \d+/);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);

    expect(await sigterm(worker.child)).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('shares a running embedded database, survives its restart, and leaves it running', async () => {
    const dataDir = await tempDir();
    const port = await findFreePort();
    const clusterOptions = {
      dataDir: path.join(dataDir, 'postgres'),
      port,
      database: EMBEDDED_DATABASE,
      postgresFlags: ['-c', 'fsync=off'],
    };
    let cluster = await startEmbeddedPostgres(clusterOptions);
    cleanups.push(() => cluster.stop());

    const worker = startWorkerProcess({
      DATABASE_URL: '',
      STEWARD_DATA_DIR: dataDir,
      STEWARD_PG_PORT: String(port),
    });
    await waitForOutput(worker, /ready: /, 60_000);
    expect(worker.output()).toContain('(already running, shared)');

    await cluster.stop();
    await waitForOutput(worker, /ECONNREFUSED|database unreachable|terminating connection/);
    expect(worker.child.exitCode).toBeNull();

    cluster = await startEmbeddedPostgres(clusterOptions);
    const pool = poolOn(cluster.url);
    const { runId } = await startRun(pool, registry, {
      workflowId: 'echo',
      input: { message: 'after the restart' },
    });
    expect(await waitForRuns(pool, [runId])).toEqual(['succeeded']);

    expect(await sigterm(worker.child)).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);
  });
});
