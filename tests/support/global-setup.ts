// Starts the PostgreSQL the test suite runs against (STEWARD_TEST_DATABASE_URL's server, or a
// throwaway embedded cluster) and builds a migrated template database that every test file clones.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { withDatabaseName } from '../../server/db/connection.ts';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { parseEnv } from '../../server/env.ts';
import { findFreePort } from '../../server/net.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of a maintenance database on the test server (may CREATE DATABASE). */
    testAdminUrl: string;
    /** The migrated template each test file clones. */
    testTemplateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const env = parseEnv();
  let adminUrl: string;
  let stop: () => Promise<void> = async () => {};
  if (env.STEWARD_TEST_DATABASE_URL) {
    adminUrl = env.STEWARD_TEST_DATABASE_URL;
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'steward-test-pg-'));
    const cluster = await startEmbeddedPostgres({
      dataDir,
      port: await findFreePort(),
      database: 'postgres',
      // A throwaway cluster: durability buys nothing here and costs every commit a flush.
      postgresFlags: [
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
    });
    adminUrl = cluster.adminUrl;
    stop = async () => {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }

  const template = `steward_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  await migrate(withDatabaseName(adminUrl, template));
  await admin.end();

  project.provide('testAdminUrl', adminUrl);
  project.provide('testTemplateDatabase', template);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await client.end();
    await stop();
  };
}
