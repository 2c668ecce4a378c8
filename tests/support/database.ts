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

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${database} TEMPLATE ${template}`);
  process.env.DATABASE_URL = testDatabaseUrl;
});

afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});
