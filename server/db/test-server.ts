import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TEnv } from '../env.ts';
import { findFreePort } from '../net.ts';
import { withDatabaseName } from './connection.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';

export interface TestServer {
  /** A maintenance database on the server, as a user that may CREATE DATABASE. */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * The PostgreSQL server a test run uses: the one in STEWARD_TEST_DATABASE_URL, or a throwaway
 * embedded cluster in a temporary folder on a free port, removed by `stop()`.
 */
export async function startTestServer(env: TEnv): Promise<TestServer> {
  if (env.STEWARD_TEST_DATABASE_URL) {
    return { adminUrl: env.STEWARD_TEST_DATABASE_URL, stop: async () => {} };
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'steward-test-pg-'));
  const cluster = await startEmbeddedPostgres({
    dataDir,
    port: await findFreePort(),
    database: 'postgres',
    // Nothing here outlives the run: durability buys nothing and costs every commit a flush.
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
  });
  return {
    adminUrl: cluster.adminUrl,
    stop: async () => {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates database `name` afresh (dropping a leftover of that name) and applies every migration. */
export async function createMigratedDatabase(
  adminUrl: string,
  name: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const url = withDatabaseName(adminUrl, name);
  await migrate(url);
  return { url, drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
