// The worker processes `npm run dev` / `npm start` run beside the app: each is
// `node scripts/worker.ts`, kept alive until the app stops.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface WorkerProcessesOptions {
  count: number;
  /** The workers' environment; DATABASE_URL must point at the database the app opened. */
  env: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** First delay before restarting a worker that exited; doubles while it keeps crashing. */
  restartDelayMs?: number;
  /** How long `stop()` waits for a worker to finish its steps before killing it. */
  stopTimeoutMs?: number;
}

export interface WorkerProcesses {
  /** SIGTERM to every worker, then waits for them (SIGKILL after the timeout). No restarts after. */
  stop(): Promise<void>;
}

interface Slot {
  child: ChildProcess | null;
  startedAt: number;
  /** Consecutive quick exits; resets once a worker stays up for a while. */
  crashes: number;
  restartTimer: NodeJS.Timeout | null;
}

const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that ran this long before exiting counts as healthy: its restart waits the minimum. */
const HEALTHY_AFTER_MS = 60_000;

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code ?? '?'}`;
}

/**
 * Starts `count` worker processes and supervises them: one that exits while the app runs is
 * logged and started again after a delay that grows while it keeps crashing (never a tight loop).
 */
export function startWorkerProcesses(options: WorkerProcessesOptions): WorkerProcesses {
  const log = options.log ?? ((line: string) => console.log(line));
  const restartDelayMs = options.restartDelayMs ?? 1_000;
  const script = path.resolve('scripts', 'worker.ts');
  const slots: Slot[] = [];
  let isStopping = false;

  function launch(slot: Slot): void {
    const child = spawn(process.execPath, [script], { stdio: 'inherit', env: options.env });
    slot.child = child;
    slot.startedAt = Date.now();
    child.on('error', (error) => log(`worker process could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      slot.child = null;
      if (isStopping) return;
      slot.crashes = Date.now() - slot.startedAt >= HEALTHY_AFTER_MS ? 1 : slot.crashes + 1;
      const delay = Math.min(restartDelayMs * 2 ** (slot.crashes - 1), MAX_RESTART_DELAY_MS);
      log(
        `worker process ${child.pid ?? '?'} exited unexpectedly (${describeExit(code, signal)}); ` +
          `restarting it in ${(delay / 1000).toFixed(1)} s`,
      );
      slot.restartTimer = setTimeout(() => {
        slot.restartTimer = null;
        if (!isStopping) launch(slot);
      }, delay);
    });
  }

  for (let i = 0; i < options.count; i += 1) {
    const slot: Slot = { child: null, startedAt: 0, crashes: 0, restartTimer: null };
    slots.push(slot);
    launch(slot);
  }

  async function stopOne(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), options.stopTimeoutMs ?? 15_000).unref(),
    );
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      log(`worker process ${child.pid ?? '?'} did not stop in time; killing it`);
      child.kill('SIGKILL');
      await exited;
    }
  }

  return {
    async stop() {
      isStopping = true;
      for (const slot of slots) {
        if (slot.restartTimer) clearTimeout(slot.restartTimer);
        slot.restartTimer = null;
      }
      await Promise.all(slots.flatMap((slot) => (slot.child ? [stopOne(slot.child)] : [])));
    },
  };
}
