// `npm run dev` end to end: the runner starts the database the environment asks for, serves the
// app on it with worker processes beside it, and on Ctrl+C stops the app, the workers and the
// embedded database it started.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startRun } from '../server/engine/index.ts';
import { findFreePort, isPortInUse } from '../server/net.ts';
import { registry as echoRegistry } from './fixtures/echo-workflows.ts';
import { TEST_PASSWORD, testUser } from './support/auth.ts';
import { query, testDatabaseUrl } from './support/database.ts';

const folders: string[] = [];
let app: ChildProcess | undefined;
let output = '';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'steward-run-app-'));
  await chmod(dir, 0o755);
  folders.push(dir);
  return dir;
}

function startDev(env: Record<string, string>): ChildProcess {
  output = '';
  app = spawn(process.execPath, ['scripts/run-app.ts', 'dev'], {
    env: { ...process.env, ...env, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  app.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return app;
}

async function waitForJson(
  url: string,
  timeoutMs = 120_000,
  init: RequestInit = {},
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app?.exitCode !== null) throw new Error(`the app exited early:\n${output}`);
    try {
      const response = await fetch(url, init);
      if (response.ok) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${output}`);
}

async function waitForOutput(pattern: RegExp, count = 1, timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const matches = [...output.matchAll(new RegExp(pattern.source, 'g'))].map((m) => m[1] ?? '');
    if (matches.length >= count) return matches;
    if (app?.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`output never matched ${pattern} ${count} time(s):\n${output}`);
}

async function runEcho(pool: pg.Pool, message: string): Promise<unknown> {
  const { runId } = await startRun(pool, echoRegistry, { workflowId: 'echo', input: { message } });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { rows } = await pool.query('SELECT status, output FROM runs WHERE id = $1', [runId]);
    if (rows[0]?.status === 'succeeded') return rows[0].output;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} was not executed:\n${output}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  return exited;
}

afterEach(async () => {
  if (app) await stop(app);
  app = undefined;
});
afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * `next dev` compiles each route on its first request, which on a loaded 2-core machine takes a
 * good part of the default 30 s: these tests wait for it, they do not time it.
 */
const DEV_SERVER_TEST_MS = 90_000;

describe('npm run dev', () => {
  it(
    'runs on the embedded database and stops it on Ctrl+C',
    async () => {
      const dataDir = await tempDir();
      const [port, pgPort] = [await findFreePort(), await findFreePort()];
      const child = startDev({
        DATABASE_URL: '',
        STEWARD_DATA_DIR: dataDir,
        PORT: String(port),
        STEWARD_PG_PORT: String(pgPort),
      });

      expect(await waitForJson(`http://127.0.0.1:${port}/api/health`)).toEqual({
        ok: true,
        database: 'up',
      });
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);
      expect(output).toContain(`embedded PostgreSQL on port ${pgPort}`);

      expect(await stop(child)).toBe(0);
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(await isPortInUse(pgPort, '127.0.0.1')).toBe(false);
      expect(await isPortInUse(port)).toBe(false);
    },
    DEV_SERVER_TEST_MS,
  );

  it(
    'uses the server in DATABASE_URL and embeds nothing',
    async () => {
      const dataDir = await tempDir();
      const port = await findFreePort();
      await query(
        testDatabaseUrl,
        `INSERT INTO runs (workflow_id, workflow_version, status, input) VALUES ('lead-enrichment', 1, 'dead', '{}')`,
      );
      startDev({ DATABASE_URL: testDatabaseUrl, STEWARD_DATA_DIR: dataDir, PORT: String(port) });

      expect(await waitForJson(`http://127.0.0.1:${port}/api/health`)).toEqual({
        ok: true,
        database: 'up',
      });
      // Signed in as an operations user through the running app's own sign-in endpoint.
      const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 1 });
      const { email } = await testUser(pool, 'operations').finally(() => pool.end());
      const origin = `http://127.0.0.1:${port}`;
      const signedIn = await fetch(`${origin}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: TEST_PASSWORD }),
      });
      expect(signedIn.status).toBe(200);
      const cookie = signedIn.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const input = encodeURIComponent(JSON.stringify({ json: {} }));
      const body = await waitForJson(
        `${origin}/api/trpc/dashboard.getCounts?input=${input}`,
        30_000,
        { headers: { cookie } },
      );
      expect(JSON.stringify(body)).toMatch(/"dead":1/);
      expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
    },
    DEV_SERVER_TEST_MS,
  );

  it('executes runs with its worker processes, restarts one that dies, and leaves none after Ctrl+C', async () => {
    const port = await findFreePort();
    const child = startDev({
      DATABASE_URL: testDatabaseUrl,
      PORT: String(port),
      STEWARD_WORKERS: '2',
      STEWARD_WORKFLOWS_MODULE: 'tests/fixtures/echo-workflows.ts',
    });
    const ready = /worker (\d+): \S+ ready: 1 workflow\(s\) \[echo\]/;
    const pids = (await waitForOutput(ready, 2)).map(Number);
    const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
    try {
      expect(await runEcho(pool, 'from the app')).toEqual({ echoed: 'from the app' });

      const [victim] = pids;
      if (victim === undefined) throw new Error('no worker pid seen');
      process.kill(victim, 'SIGKILL');
      await waitForOutput(
        /worker process (\d+) exited unexpectedly \(signal SIGKILL\); restarting/,
      );
      pids.push(...(await waitForOutput(ready, 3)).slice(2).map(Number));
      expect(await runEcho(pool, 'after a restart')).toEqual({ echoed: 'after a restart' });
    } finally {
      await pool.end();
    }

    expect(await stop(child)).toBe(0);
    expect(pids).toHaveLength(3);
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
