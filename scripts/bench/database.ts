/**
 * The benchmark's own PostgreSQL: the embedded cluster with exactly the settings a developer's
 * `npm run dev` database has (no extra server flags, so fsync and synchronous_commit stay on: a
 * commit is flushed to disk), in a temporary folder on a free port, migrated like the app's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { EMBEDDED_DATABASE } from '../../server/db/open-database.ts';
import { findFreePort } from '../../server/net.ts';

const STOP_TIMEOUT_MS = 5_000;

export interface BenchDatabase {
  url: string;
  port: number;
  dataDir: string;
  /** Stops the cluster and removes its folder; every call waits for the same close. */
  close(): Promise<void>;
}

/** Starts and migrates a throwaway embedded cluster configured as a developer's. */
export async function startBenchDatabase(): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'steward-bench-pg-'));
  let stopCluster: () => Promise<void> = async () => {};
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      // A cluster that already exited (Ctrl+C reaches PostgreSQL too) never reports stopping.
      await Promise.race([
        stopCluster().catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref()),
      ]);
      await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    })();
    return closing;
  };
  try {
    const port = await findFreePort();
    // The same call as server/db/open-database.ts makes for a developer's database: no flags.
    const cluster = await startEmbeddedPostgres({ dataDir, port, database: EMBEDDED_DATABASE });
    stopCluster = cluster.stop;
    await migrate(cluster.url);
    return { url: cluster.url, port, dataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The server settings that decide what a commit costs, for the record. */
export async function describeDurability(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT name, setting FROM pg_settings
       WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method',
                      'shared_buffers', 'max_connections', 'server_version')
       ORDER BY name`,
    );
    return rows
      .map((row: { name: string; setting: string }) => `${row.name}=${row.setting}`)
      .join(' ');
  } finally {
    await client.end();
  }
}

/** VACUUM ANALYZE and a CHECKPOINT, so each measured phase starts from the same footing. */
export async function settle(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}
