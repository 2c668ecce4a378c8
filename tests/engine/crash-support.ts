// Helpers for the crash tests: worker child processes (tests/fixtures/crash-worker.ts) that a test
// can SIGKILL, SIGSTOP and SIGCONT, with their output captured; every child still alive is killed
// after each test and when the test process exits.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach } from 'vitest';
import { EFFECT_TABLES_SQL } from '../fixtures/crash-workflows.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKER_ENTRY = path.join(ROOT, 'tests/fixtures/crash-worker.ts');

export interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** The engine's worker id (`<name>:<pid>`), as recorded in `runs.lease_owner`. */
  readonly workerId: string;
  /** Everything the process printed so far, stdout and stderr. */
  output(): string;
  /** Resolves once the process printed a line matching `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<string>;
}

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

process.once('exit', killAll);

/** SIGKILLs every worker child still alive (a stopped one too) and waits until they are gone. */
export async function killAllWorkers(): Promise<void> {
  const alive = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
  const gone = alive.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  killAll();
  await Promise.all(gone);
  children.clear();
}

afterEach(killAllWorkers);
afterAll(killAllWorkers);

/** Starts a crash-worker child process on `databaseUrl`. */
export function spawnWorker(options: {
  name: string;
  databaseUrl: string;
  leaseMs: number;
  concurrency?: number;
  env?: Record<string, string>;
}): WorkerProcess {
  const child = spawn(process.execPath, [WORKER_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      STEWARD_LEASE_MS: String(options.leaseMs),
      STEWARD_WORKER_CONCURRENCY: String(options.concurrency ?? 4),
      CRASH_POLL_MS: '100',
      CRASH_WORKER_NAME: options.name,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { pid } = child;
  if (pid === undefined) throw new Error(`worker ${options.name} did not start`);
  children.add(child);
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(signal ?? String(code));
    });
  });

  return {
    name: options.name,
    child,
    pid,
    workerId: `${options.name}:${pid}`,
    output: () => output,
    exited,
    waitForOutput(pattern, timeoutMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `worker ${options.name} printed no ${pattern} in ${timeoutMs} ms:\n${output}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Sends `signal` to the worker and, for SIGKILL, waits until it is gone. */
export async function signalWorker(
  worker: WorkerProcess,
  signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT',
): Promise<void> {
  worker.child.kill(signal);
  if (signal === 'SIGKILL') await worker.exited;
}

/** Creates the `effects` and `effect_attempts` tables the crash workflows write to. */
export async function createEffectTables(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(EFFECT_TABLES_SQL);
  } finally {
    await client.end();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than undefined; fails with `describe()` on timeout. */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; describe: () => string | Promise<string> },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(options.intervalMs ?? 50);
  }
  throw new Error(`timed out after ${options.timeoutMs} ms: ${await options.describe()}`);
}

/** A whole number from the environment, or `fallback`. */
export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
}

/** The last `lines` lines of each worker's output, for failure messages. */
export function tailOf(workers: readonly WorkerProcess[], lines = 15): string {
  return workers
    .map((w) => `--- ${w.name} (pid ${w.pid})\n${w.output().split('\n').slice(-lines).join('\n')}`)
    .join('\n');
}

/** With STEWARD_CRASH_VERBOSE set, prints what the workers logged, less their routine lines. */
export function printWorkerLogs(workers: readonly WorkerProcess[]): void {
  if (!process.env.STEWARD_CRASH_VERBOSE) return;
  const lines = tailOf(workers, 100_000)
    .split('\n')
    .filter((line) => !/ (succeeded|suspended)$/.test(line));
  console.info(lines.join('\n'));
}
