import path from 'node:path';
import type { TEnv } from '../env.ts';
import { assertDatabaseReachable, describeDatabaseUrl } from './connection.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';

/** The application database's name on the embedded cluster. */
export const EMBEDDED_DATABASE = 'steward';

export interface OpenDatabase {
  url: string;
  isEmbedded: boolean;
  /** Stops the embedded cluster if this process started it; otherwise does nothing. */
  close(): Promise<void>;
}

/**
 * The database the environment points at, ready for use: `DATABASE_URL` if set (checked
 * reachable, nothing embedded), else the embedded cluster under `STEWARD_DATA_DIR`, started or
 * shared. Pending migrations are applied either way, so the app never runs on an old schema.
 */
export async function openDatabase(
  env: TEnv,
  { log = console.log }: { log?: (line: string) => void } = {},
): Promise<OpenDatabase> {
  let database: OpenDatabase;
  if (env.DATABASE_URL) {
    await assertDatabaseReachable(env.DATABASE_URL);
    log(`database: ${describeDatabaseUrl(env.DATABASE_URL)} (DATABASE_URL)`);
    database = { url: env.DATABASE_URL, isEmbedded: false, close: async () => {} };
  } else {
    const dataDir = path.resolve(env.STEWARD_DATA_DIR, 'postgres');
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port: env.STEWARD_PG_PORT,
      database: EMBEDDED_DATABASE,
    });
    log(
      `database: embedded PostgreSQL on port ${embedded.port}, data in ${path.relative(process.cwd(), dataDir) || dataDir}` +
        (embedded.isShared ? ' (already running, shared)' : ''),
    );
    database = { url: embedded.url, isEmbedded: true, close: embedded.stop };
  }
  try {
    const { applied } = await migrate(database.url, { log: (line) => log(`  ${line}`) });
    if (applied.length === 0) log('  schema is up to date');
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
