// Runs before each test file: clones the migrated template into a database of the file's own,
// points DATABASE_URL at it, and drops it when the file is done. Files never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { withDatabaseName } from '../../server/db/connection.ts';

const adminUrl = inject('testAdminUrl');
const template = inject('testTemplateDatabase');
const database = `steward_test_${randomBytes(6).toString('hex')}`;

/** Connection string of this test file's own freshly migrated database. */
export const testDatabaseUrl = withDatabaseName(adminUrl, database);
/** Connection string of the test server's maintenance database, for tests that make databases. */
export const testAdminUrl = adminUrl;

/** Runs SQL on the database at `url` over a connection of its own, and returns the rows. */
export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const scratchDatabases: string[] = [];

/** A new, empty database on the test server (no migrations); dropped when the file ends. */
export async function createScratchDatabase(): Promise<string> {
  const name = `${database}_scratch_${scratchDatabases.length}`;
  await query(adminUrl, `CREATE DATABASE ${name}`);
  scratchDatabases.push(name);
  return withDatabaseName(adminUrl, name);
}

beforeAll(async () => {
  await query(adminUrl, `CREATE DATABASE ${database} TEMPLATE ${template}`);
  process.env.DATABASE_URL = testDatabaseUrl;
});

afterAll(async () => {
  for (const name of [database, ...scratchDatabases]) {
    await query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
});
