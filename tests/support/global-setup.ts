// Starts the PostgreSQL the test suite runs against (STEWARD_TEST_DATABASE_URL's server, or a
// throwaway embedded cluster) and builds a migrated template database that every test file clones.
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { parseEnv } from '../../server/env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of a maintenance database on the test server (may CREATE DATABASE). */
    testAdminUrl: string;
    /** The migrated template each test file clones. */
    testTemplateDatabase: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
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
      port: await freePort(),
      database: 'postgres',
      // A throwaway cluster: durability buys nothing here and costs every commit a flush.
      postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
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
  await migrate(withDatabase(adminUrl, template));
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
