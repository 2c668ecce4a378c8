// `npm run test:e2e`: Playwright in headless Chromium against a production build, on a database
// of its own (a throwaway embedded cluster, or a new database on STEWARD_TEST_DATABASE_URL's
// server), so it never touches the developer's data. Documents are read by a recorded model
// (server/models/recorded-model-server.ts) that this process serves for the app (READER_MODEL):
// a test files the answer for a document's text in STEWARD_E2E_RECORDINGS before it uploads it
// (e2e/support/documents.ts); the planner stays offline.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMigratedDatabase, startTestServer } from '../server/db/test-server.ts';
import { parseEnv } from '../server/env.ts';
import {
  documentKey,
  type RecordedModelServer,
  startRecordedModelServer,
} from '../server/models/recorded-model-server.ts';
import { findFreePort } from '../server/net.ts';
import { exitWithError } from '../server/setup-error.ts';
import { ensureChromium } from './chromium.ts';

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status ?? 1;
}

/** Like run, without blocking this process: the recorded model must answer meanwhile. */
function runBeside(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.once('error', () => resolve(1));
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * The recorded model the app reads documents with: it answers a document with the answer filed
 * under the sha256 of its text in `directory` (none filed: a 400, which the app treats as a
 * provider that failed, so a person reads the document).
 */
function startRecordedReader(directory: string): Promise<RecordedModelServer> {
  return startRecordedModelServer((text) => {
    try {
      return readFileSync(path.join(directory, `${documentKey(text)}.json`), 'utf8');
    } catch {
      return null;
    }
  });
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

  const recordings = mkdtempSync(path.join(os.tmpdir(), 'steward-e2e-recordings-'));
  const reader = await startRecordedReader(recordings);
  const stopDatabase = cleanup;
  cleanup = async () => {
    await reader.close();
    rmSync(recordings, { recursive: true, force: true });
    await stopDatabase();
  };

  console.log('▸ Running Playwright');
  const port = await findFreePort();
  status = await runBeside(
    path.resolve('node_modules/.bin/playwright'),
    ['test', ...process.argv.slice(2)],
    {
      ...process.env,
      DATABASE_URL: databaseUrl,
      STEWARD_E2E_PORT: String(port),
      // A production server on DATABASE_URL needs its session key and public origin given.
      BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
      BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
      // The app (Playwright's webServer inherits this environment) reads documents with the
      // recorded model; the tests file its answers here.
      READER_MODEL: reader.chainEntry,
      STEWARD_E2E_RECORDINGS: recordings,
    },
  );
} catch (error) {
  await cleanup().catch(() => {});
  exitWithError(error);
}
await cleanup();
process.exit(status);
