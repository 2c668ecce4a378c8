// `npm run dev` end to end: the runner starts the database the environment asks for, serves the
// app on it, and on Ctrl+C stops the app and the embedded database it started.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { findFreePort, isPortInUse } from '../server/net.ts';
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

async function waitForJson(url: string, timeoutMs = 120_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app?.exitCode !== null) throw new Error(`the app exited early:\n${output}`);
    try {
      const response = await fetch(url);
      if (response.ok) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${output}`);
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

describe('npm run dev', () => {
  it('runs on the embedded database and stops it on Ctrl+C', async () => {
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
  });

  it('uses the server in DATABASE_URL and embeds nothing', async () => {
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
    const input = encodeURIComponent(JSON.stringify({ json: {} }));
    const body = await waitForJson(
      `http://127.0.0.1:${port}/api/trpc/dashboard.getCounts?input=${input}`,
    );
    expect(JSON.stringify(body)).toMatch(/"dead":1/);
    expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
  });
});
