// `npm run test:e2e`: Playwright in headless Chromium against a production build, on a database
// of its own (a throwaway embedded cluster, or a new database on STEWARD_TEST_DATABASE_URL's
// server), so it never touches the developer's data.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { withDatabaseName } from '../server/db/connection.ts';
import { startEmbeddedPostgres } from '../server/db/embedded-postgres.ts';
import { migrate } from '../server/db/migrate.ts';
import { parseEnv } from '../server/env.ts';
import { findFreePort } from '../server/net.ts';
import { exitWithError } from '../server/setup-error.ts';
import { ensureChromium } from './chromium.ts';

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status ?? 1;
}

let cleanup: () => Promise<void> = async () => {};
let status = 1;
try {
  const env = parseEnv();
  ensureChromium();

  console.log('▸ Building the app for production');
  if (
    run(path.resolve('node_modules/.bin/next'), ['build'], {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
    }) !== 0
  ) {
    throw new Error('next build failed (see above)');
  }

  console.log('▸ Preparing a database for the end-to-end tests');
  let databaseUrl: string;
  if (env.STEWARD_TEST_DATABASE_URL) {
    const adminUrl = env.STEWARD_TEST_DATABASE_URL;
    const name = `steward_e2e_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    databaseUrl = withDatabaseName(adminUrl, name);
    cleanup = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'steward-e2e-pg-'));
    const cluster = await startEmbeddedPostgres({
      dataDir,
      port: await findFreePort(),
      database: 'steward_e2e',
      postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    });
    databaseUrl = cluster.url;
    cleanup = async () => {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  await migrate(databaseUrl);

  console.log('▸ Running Playwright');
  status = run(path.resolve('node_modules/.bin/playwright'), ['test', ...process.argv.slice(2)], {
    ...process.env,
    DATABASE_URL: databaseUrl,
    STEWARD_E2E_PORT: String(await findFreePort()),
  });
} catch (error) {
  await cleanup().catch(() => {});
  exitWithError(error);
}
await cleanup();
process.exit(status);
