import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/** Where the hand-written migrations live, in Prisma's folder format. */
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/migrations');

/** The advisory lock key Prisma Migrate uses, so our migrator and Prisma's never overlap. */
const MIGRATION_LOCK_KEY = 72707369;

export interface MigrationFile {
  name: string;
  file: string;
  sql: string;
  /** sha256 of the file, hex: what Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string;
}

/**
 * A migration that could not be applied. The transaction it ran in was rolled back, so the
 * database is as it was before this migration; the message names the file, the line and why.
 */
export class MigrationError extends Error {
  override name = 'MigrationError';
  readonly migration: string;
  readonly file: string;
  constructor(message: string, migration: string, file: string) {
    super(message);
    this.migration = migration;
    this.file = file;
  }
}

/** Reads `<dir>/<name>/migration.sql` for every migration folder, in name order. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: MigrationFile[] = [];
  for (const name of folders) {
    const file = path.join(dir, name, 'migration.sql');
    if (!existsSync(file)) continue;
    const sql = await readFile(file, 'utf8');
    migrations.push({ name, file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

function lineOf(sql: string, position: unknown): number | undefined {
  const offset = Number(position);
  if (!Number.isInteger(offset) || offset < 1) return undefined;
  return sql.slice(0, offset - 1).split('\n').length;
}

function failure(migration: MigrationFile, error: unknown): MigrationError {
  const pgError = error instanceof pg.DatabaseError ? error : undefined;
  const line = lineOf(migration.sql, pgError?.position);
  const where = line === undefined ? migration.file : `${migration.file}:${line}`;
  const reason = error instanceof Error ? error.message : String(error);
  return new MigrationError(
    `Migration ${migration.name} failed and was rolled back: ${reason}\n  at ${where}`,
    migration.name,
    migration.file,
  );
}

/**
 * Applies every migration not yet recorded in `_prisma_migrations`, in order, each in its own
 * transaction together with its record, under an advisory lock so two processes never migrate
 * at once. A migration already applied whose file has since changed is an error: migrations
 * are history, and a new change needs a new folder.
 */
export async function migrate(
  connectionString: string,
  { dir = MIGRATIONS_DIR, log = () => {} }: { dir?: string; log?: (line: string) => void } = {},
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const recorded = new Map(rows.map((row) => [row.migration_name, row]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const row = recorded.get(migration.name);
      if (row?.finished_at) {
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was edited after it was applied (checksum differs).\n` +
              'Put the change in a new migration folder instead.',
            migration.name,
            migration.file,
          );
        }
        continue;
      }
      if (row) {
        throw new MigrationError(
          `Migration ${migration.name} is recorded as started but never finished; fix the database by hand, then delete its row from _prisma_migrations.`,
          migration.name,
          migration.file,
        );
      }
      log(`applying migration ${migration.name}`);
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw failure(migration, error);
      }
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}
