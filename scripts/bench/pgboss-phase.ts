/**
 * The peer: the same work as plain pg-boss jobs on the same database (pg-boss keeps its own
 * schema, `pgboss`), one job per step, at the same concurrency.
 *
 * - `chained`: a "run" is a chain of five jobs; each job's handler sends the next step's job
 *   (with `boss.send`) and returns, and pg-boss then completes it. This is the same work as a
 *   workflow step: the next step exists only once the previous one finished. Every run's first
 *   job is inserted before timing starts, as the engine's runs are.
 * - `independent`: all runs × 5 jobs are inserted up front and nothing is sent while timing:
 *   pg-boss at its most favourable (fetch and complete only).
 *
 * Two ways to consume, both one job at a time per consumer (one step per checkpoint):
 * - `work`: `boss.work()` with `localConcurrency` = the concurrency and `batchSize: 1`. Its loop
 *   waits out the polling interval after every fetch unless it is in "burst" mode, which at the
 *   defaults caps it near 30 jobs/s in all; it gets the settings that keep it fetching while
 *   there is work: `burstWhenReadyExceeds: 1`, with supervision, queue monitoring and the queue
 *   cache every second (the ready count burst mode reads comes from them), the smallest polling
 *   interval (0.5 s) and LISTEN/NOTIFY wake-ups on the queue.
 * - `fetch`: `concurrency` loops of `boss.fetch()` then `boss.complete()`, with default
 *   maintenance: no polling delay at all, the least pg-boss can do per job.
 */

import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { type CpuUsage, startCpuMeter } from './cpu.ts';
import { STEPS_PER_RUN } from './engine-phase.ts';
import { now, sleep } from './stats.ts';

export type PeerMode = 'chained' | 'independent';
export type PeerDriver = 'work' | 'fetch';

export interface PgBossPhaseResult {
  mode: PeerMode;
  driver: PeerDriver;
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  cpu: CpuUsage;
}

const SCHEMA = 'pgboss';
const INSERT_CHUNK = 2_000;

const ZStepJob = z.object({ run: z.number().int(), step: z.number().int() });

/** Waits until pg-boss has marked every job of the queue completed (it does so after the handler). */
async function verify(url: string, queue: string, jobs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await client.query(
        `SELECT count(*) FILTER (WHERE state = 'completed')::int AS completed, count(*)::int AS total
         FROM ${SCHEMA}.job WHERE name = $1`,
        [queue],
      );
      const found = z.object({ completed: z.number(), total: z.number() }).parse(rows[0]);
      if (found.completed === jobs && found.total === jobs) return;
      if (Date.now() > deadline) {
        throw new Error(
          `pg-boss result is wrong for ${queue}: expected ${jobs} completed jobs, ` +
            `found ${found.completed} completed of ${found.total}`,
        );
      }
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}

/** Runs the peer for `runs` runs (runs × 5 jobs) and returns jobs per second. */
export async function runPgBossPhase(options: {
  url: string;
  mode: PeerMode;
  driver: PeerDriver;
  runs: number;
  concurrency: number;
  settle?: () => Promise<void>;
  onBoss?: (boss: PgBoss) => void;
  stallMs?: number;
}): Promise<PgBossPhaseResult> {
  const { url, mode, driver, runs, concurrency } = options;
  const queue = `bench-${mode}-${driver}`;
  const total = runs * STEPS_PER_RUN;
  const boss = new PgBoss({
    connectionString: url,
    schema: SCHEMA,
    max: concurrency + 4,
    schedule: false,
    ...(driver === 'work'
      ? {
          useListenNotify: true,
          superviseIntervalSeconds: 1,
          monitorIntervalSeconds: 1,
          queueCacheIntervalSeconds: 1,
        }
      : {}),
  });
  let lastError = '';
  boss.on('error', (error) => {
    const message = error instanceof Error ? error.message : String(error);
    if (message !== lastError) console.error(`  pg-boss: ${message}`);
    lastError = message;
  });
  options.onBoss?.(boss);
  const state: { done: number; lastProgress: number; failure: Error | null } = {
    done: 0,
    lastProgress: now(),
    failure: null,
  };
  let isFinished = false;
  let finished: () => void = () => {};
  const allDone = new Promise<void>((resolve) => {
    finished = () => {
      isFinished = true;
      resolve();
    };
  });
  /** The job's work: in chained mode, queue the run's next step. */
  const handle = async (data: unknown): Promise<void> => {
    const job = ZStepJob.parse(data);
    if (mode === 'chained' && job.step < STEPS_PER_RUN) {
      await boss.send(queue, { run: job.run, step: job.step + 1 });
    }
  };
  const count = (): void => {
    state.done += 1;
    state.lastProgress = now();
    if (state.done === total) finished();
  };
  try {
    await boss.start();
    await boss.createQueue(queue, { notify: driver === 'work' });

    const first = mode === 'chained' ? 1 : STEPS_PER_RUN;
    for (let start = 1; start <= runs; start += INSERT_CHUNK) {
      const jobs = [];
      for (let run = start; run < Math.min(runs + 1, start + INSERT_CHUNK); run += 1) {
        for (let step = 1; step <= first; step += 1) jobs.push({ data: { run, step } });
      }
      await boss.insert(queue, jobs);
    }
    await options.settle?.();
    // Let supervision count the backlog and the queue cache read it, so work() starts bursting.
    if (driver === 'work') await sleep(2_500);

    const cpu = startCpuMeter();
    const started = now();
    let consuming: Promise<unknown> = Promise.resolve();
    if (driver === 'work') {
      await boss.work(
        queue,
        {
          localConcurrency: concurrency,
          batchSize: 1,
          pollingIntervalSeconds: 0.5,
          burstWhenReadyExceeds: 1,
        },
        async (jobs) => {
          for (const job of jobs) {
            await handle(job.data);
            count();
          }
        },
      );
    } else {
      consuming = Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (!isFinished) {
            const [job] = await boss.fetch(queue);
            if (!job) {
              await sleep(5); // only at the tail of a chained run: the next steps are in flight
              continue;
            }
            await handle(job.data);
            await boss.complete(queue, job.id);
            count();
          }
        }),
      ).catch((error: unknown) => {
        state.failure ??= error instanceof Error ? error : new Error(String(error));
        finished();
      });
    }
    const stallMs = options.stallMs ?? 60_000;
    const watchdog = (async () => {
      while (!isFinished) {
        await sleep(1_000);
        if (!isFinished && now() - state.lastProgress > stallMs) {
          state.failure ??= new Error(
            `No pg-boss job finished for ${stallMs / 1000} s (${state.done}/${total})`,
          );
          finished();
        }
      }
    })();
    await allDone;
    const elapsed = (now() - started) / 1000;
    const cpuUsage = cpu();
    await Promise.all([watchdog, consuming]);
    if (state.failure) throw state.failure;
    await verify(url, queue, total);
    return {
      mode,
      driver,
      jobs: total,
      seconds: elapsed,
      jobsPerSecond: total / elapsed,
      cpu: cpuUsage,
    };
  } finally {
    finished();
    await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => {});
  }
}
