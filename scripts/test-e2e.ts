// `npm run test:e2e`: Playwright in headless Chromium against a production build, on a database
// of its own (a throwaway embedded cluster, or a new database on STEWARD_TEST_DATABASE_URL's
// server), so it never touches the developer's data.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createMigratedDatabase, startTestServer } from '../server/db/test-server.ts';
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
  const server = await startTestServer(env);
  cleanup = server.stop;
  const database = await createMigratedDatabase(server.adminUrl, `steward_e2e_${process.pid}`);
  cleanup = async () => {
    await database.drop();
    await server.stop();
  };
  const databaseUrl = database.url;

  console.log('▸ Running Playwright');
  const port = await findFreePort();
  status = run(path.resolve('node_modules/.bin/playwright'), ['test', ...process.argv.slice(2)], {
    ...process.env,
    DATABASE_URL: databaseUrl,
    STEWARD_E2E_PORT: String(port),
    // A production server on DATABASE_URL needs its session key and public origin given.
    BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
    BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
  });
} catch (error) {
  await cleanup().catch(() => {});
  exitWithError(error);
}
await cleanup();
process.exit(status);
