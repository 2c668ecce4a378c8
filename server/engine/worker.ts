/**
 * An embedded-engine worker: claims runnable runs, executes up to `concurrency` of them at once,
 * and keeps going from run to run. Idle workers sleep until a NOTIFY on `steward_runs`, their own
 * next timer (a backoff or a sleep they scheduled), or the poll interval, whichever comes first.
 * Any number of workers, in any number of processes, may share one database.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { type ClaimedRun, claimLimitedRuns, claimRuns } from './claim.ts';
import type { WorkflowRegistry } from './define-workflow.ts';
import { type ExecutionOutcome, executeRun, isConnectionError } from './execute-run.ts';
import { type Checkpoint, loadCheckpoints, RUNS_CHANNEL, releaseRun } from './store.ts';

export interface WorkerOptions {
  connectionString: string;
  registry: WorkflowRegistry;
  /** Runs executed at once by this worker. */
  concurrency?: number;
  /** How long a claimed run is ours without a checkpoint or heartbeat. */
  leaseMs?: number;
  /** Longest idle sleep when no notification arrives. */
  pollIntervalMs?: number;
  /** How long `stop()` waits for running steps before letting go of their runs. */
  shutdownTimeoutMs?: number;
  workerId?: string;
  log?: (line: string) => void;
  onOutcome?: (run: ClaimedRun, outcome: ExecutionOutcome) => void;
}

export interface Worker {
  readonly id: string;
  /** Stops claiming, lets running runs reach their next step, releases what is left, closes. */
  stop(): Promise<void>;
  /** Wakes the worker now (tests, and the process that just enqueued work). */
  wake(): void;
}

/** Starts a worker; it runs until `stop()`. */
export function startWorker(options: WorkerOptions): Worker {
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const id = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = options.log ?? (() => {});
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: concurrency + 2,
    connectionTimeoutMillis: 5_000,
  });
  pool.on('error', () => {}); // an idle client lost its server; the pool replaces it

  const workflows = options.registry.list();
  const unlimited = workflows.filter((w) => w.concurrency === undefined).map((w) => w.id);
  const limited = workflows.filter((w) => w.concurrency !== undefined);

  const inFlight = new Map<string, { run: ClaimedRun; done: Promise<void> }>();
  let isStopping = false;
  let wakeUp: (() => void) | null = null;
  let hasPendingWake = false;
  let nextTimer: NodeJS.Timeout | null = null;
  let nextTimerAt = Number.POSITIVE_INFINITY;
  let listener: pg.Client | null = null;
  /** The last error logged per context, so an outage logs once per context, not per retry. */
  const lastErrors = new Map<string, string>();

  function wake(): void {
    const resolve = wakeUp;
    wakeUp = null;
    if (resolve) resolve();
    else hasPendingWake = true; // the loop is busy claiming: it looks again before sleeping
  }

  /** Wakes at `at` unless something wakes the worker sooner. */
  function wakeAt(at: Date): void {
    const time = at.getTime();
    if (time >= nextTimerAt) return;
    if (nextTimer) clearTimeout(nextTimer);
    nextTimerAt = time;
    nextTimer = setTimeout(
      () => {
        nextTimer = null;
        nextTimerAt = Number.POSITIVE_INFINITY;
        wake();
      },
      Math.max(0, time - Date.now()),
    );
  }

  function reportError(context: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (lastErrors.get(context) !== message) log(`worker ${id} ${context}: ${message}`);
    lastErrors.set(context, message);
  }

  /** After errors in a context, one line that it works again. */
  function reportRecovered(context: string, what: string): void {
    if (lastErrors.delete(context)) log(`worker ${id} ${what}`);
  }

  async function listen(): Promise<void> {
    while (!isStopping) {
      const client = new pg.Client({ connectionString: options.connectionString });
      try {
        const closed = new Promise<void>((resolve) => {
          client.on('error', () => resolve());
          client.on('end', () => resolve());
        });
        await client.connect();
        client.on('notification', () => wake());
        await client.query(`LISTEN ${RUNS_CHANNEL}`);
        listener = client;
        reportRecovered('LISTEN connection failed', 'listening for new work again');
        wake(); // anything enqueued while we were not listening
        await closed;
      } catch (error) {
        reportError('LISTEN connection failed', error);
      }
      listener = null;
      await client.end().catch(() => {});
      if (!isStopping) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  async function claim(limit: number): Promise<ClaimedRun[]> {
    const claimed = await claimRuns(pool, { workflowIds: unlimited, workerId: id, leaseMs, limit });
    for (const workflow of limited) {
      const room = limit - claimed.length;
      if (room <= 0) break;
      claimed.push(
        ...(await claimLimitedRuns(pool, {
          workflowId: workflow.id,
          max: workflow.concurrency ?? 1,
          workerId: id,
          leaseMs,
          limit: room,
        })),
      );
    }
    return claimed;
  }

  function execute(run: ClaimedRun, checkpoints: Map<string, Checkpoint> | undefined): void {
    const done = (async () => {
      try {
        const outcome = await executeRun({
          db: pool,
          registry: options.registry,
          run,
          checkpoints,
          leaseMs,
          isStopping: () => isStopping,
        });
        if (outcome.kind === 'suspended' && outcome.wakeAt) wakeAt(outcome.wakeAt);
        if (outcome.kind === 'lease-lost') log(`worker ${id} lost the lease on run ${run.id}`);
        options.onOutcome?.(run, outcome);
      } catch (error) {
        // The database went away mid-run: drop the run; its lease expires and a worker
        // (maybe this one, once the database is back) re-executes it from its checkpoints.
        if (isConnectionError(error)) reportError('database unreachable', error);
        else
          log(
            `worker ${id} run ${run.id} crashed: ${error instanceof Error ? error.stack : String(error)}`,
          );
      } finally {
        inFlight.delete(run.id);
        wake();
      }
    })();
    inFlight.set(run.id, { run, done });
  }

  async function loop(): Promise<void> {
    while (!isStopping) {
      hasPendingWake = false;
      const room = concurrency - inFlight.size;
      let claimed: ClaimedRun[] = [];
      if (room > 0) {
        try {
          claimed = await claim(room);
          reportRecovered('claiming runs failed', 'reconnected to the database');
        } catch (error) {
          reportError('claiming runs failed', error);
          await new Promise((resolve) => setTimeout(resolve, Math.min(pollIntervalMs, 1_000)));
          continue;
        }
      }
      // One query for the batch's checkpoints; if it fails, each run loads its own.
      const checkpoints =
        claimed.length > 0
          ? await loadCheckpoints(
              pool,
              claimed.map((run) => run.id),
            ).catch(() => undefined)
          : undefined;
      for (const run of claimed) execute(run, checkpoints?.get(run.id));
      if (claimed.length > 0 && claimed.length === room) continue; // more may be waiting
      if (isStopping) break;
      if (hasPendingWake) {
        hasPendingWake = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        setTimeout(resolve, pollIntervalMs);
      });
      wakeUp = null;
    }
  }

  void listen();
  const looping = loop();

  return {
    id,
    wake,
    async stop() {
      if (isStopping) return;
      isStopping = true;
      wake();
      if (nextTimer) clearTimeout(nextTimer);
      await looping;
      const draining = Promise.all([...inFlight.values()].map((entry) => entry.done));
      const timeout = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), options.shutdownTimeoutMs ?? 10_000).unref(),
      );
      if ((await Promise.race([draining, timeout])) === 'timeout') {
        await Promise.all(
          [...inFlight.values()].map((entry) =>
            releaseRun(pool, entry.run.id, entry.run.leaseToken).catch(() => {}),
          ),
        );
      }
      await listener?.end().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}
