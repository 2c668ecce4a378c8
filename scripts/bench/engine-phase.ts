/**
 * The embedded engine under load: a five-step no-op workflow, every run enqueued first, then
 * workers started and timed until every run has succeeded. Checks the result: every run
 * succeeded and exactly runs × 5 checkpoint rows exist.
 */
import pg from 'pg';
import { z } from 'zod';
import {
  createWorkflowRegistry,
  defineWorkflow,
  startWorker,
  type Worker,
} from '../../server/engine/index.ts';
import { type CpuUsage, startCpuMeter } from './cpu.ts';
import { type QueryProbe, STATEMENT_KINDS, type StatementKind } from './query-probe.ts';
import { now, percentile, sleep } from './stats.ts';

export const STEPS_PER_RUN = 5;
const STEP_IDS = Array.from({ length: STEPS_PER_RUN }, (_, index) => `step-${index + 1}`);

export interface EngineTopology {
  /** Worker instances (`startWorker` calls), all in this process. */
  workers: number;
  /** Runs each worker executes at once. */
  concurrency: number;
}

export interface EnginePhaseResult {
  runs: number;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  /** Checkpoint write (the one fenced statement) as timed by the query probe. */
  checkpointP50Ms: number;
  checkpointP99Ms: number;
  /** From a step's body returning to `step.run` resolving in workflow code. */
  stepOverheadP50Ms: number;
  stepOverheadP99Ms: number;
  /** Statements per run, and their p50 duration (ms) as this process saw it, by kind. */
  statements: Array<{ kind: StatementKind; perRun: number; p50Ms: number }>;
  cpu: CpuUsage;
}

/** Queues `runs` runs of `workflowId` in one statement (no audit events, no NOTIFY). */
async function enqueueRuns(pool: pg.Pool, workflowId: string, runs: number): Promise<void> {
  await pool.query(
    `INSERT INTO runs (workflow_id, workflow_version, input)
     SELECT $1, 1, jsonb_build_object('i', g) FROM generate_series(1, $2::int) g`,
    [workflowId, runs],
  );
}

async function verify(pool: pg.Pool, workflowId: string, runs: number): Promise<void> {
  const { rows } = await pool.query(
    `SELECT
       (SELECT count(*) FROM runs WHERE workflow_id = $1)::int AS runs,
       (SELECT count(*) FROM runs WHERE workflow_id = $1 AND status = 'succeeded')::int AS succeeded,
       (SELECT count(*) FROM step_checkpoints c JOIN runs r ON r.id = c.run_id
         WHERE r.workflow_id = $1)::int AS checkpoints,
       (SELECT count(*) FROM step_checkpoints c JOIN runs r ON r.id = c.run_id
         WHERE r.workflow_id = $1 AND c.status = 'succeeded')::int AS succeeded_checkpoints`,
    [workflowId],
  );
  const found = z
    .object({
      runs: z.number(),
      succeeded: z.number(),
      checkpoints: z.number(),
      succeeded_checkpoints: z.number(),
    })
    .parse(rows[0]);
  const expected = runs * STEPS_PER_RUN;
  if (
    found.runs !== runs ||
    found.succeeded !== runs ||
    found.checkpoints !== expected ||
    found.succeeded_checkpoints !== expected
  ) {
    throw new Error(
      `Engine result is wrong for ${workflowId}: expected ${runs} succeeded runs and ${expected} ` +
        `checkpoints, found ${found.succeeded}/${found.runs} runs succeeded and ` +
        `${found.succeeded_checkpoints}/${found.checkpoints} checkpoints succeeded`,
    );
  }
}

/**
 * Runs `runs` runs of a fresh five-step no-op workflow (`workflowId`) on the given worker
 * topology and returns what was measured. `onWorkers` is called with the workers so a caller can
 * stop them if the process is interrupted.
 */
export async function runEnginePhase(options: {
  url: string;
  workflowId: string;
  runs: number;
  topology: EngineTopology;
  probe: QueryProbe;
  /** Fails the phase if no run finishes for this long. */
  stallMs?: number;
  settle?: () => Promise<void>;
  onWorkers?: (workers: Worker[]) => void;
}): Promise<EnginePhaseResult> {
  const { url, workflowId, runs, topology, probe } = options;
  const overheads: number[] = [];
  const workflow = defineWorkflow({
    id: workflowId,
    version: 1,
    title: 'Benchmark no-op',
    description: 'Five steps that each return a tiny value.',
    input: z.object({ i: z.number() }),
    async run({ step }) {
      for (const [index, id] of STEP_IDS.entries()) {
        let bodyEnd = 0;
        await step.run(id, () => {
          bodyEnd = now();
          return index;
        });
        if (bodyEnd > 0) overheads.push(now() - bodyEnd);
      }
      return null;
    },
  });
  const registry = createWorkflowRegistry([workflow]);

  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {}); // an idle client told to end as the cluster stops
  const workers: Worker[] = [];
  try {
    await enqueueRuns(pool, workflowId, runs);
    await options.settle?.();

    const state: { succeeded: number; lastProgress: number; failure: Error | null } = {
      succeeded: 0,
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

    probe.enable();
    const cpu = startCpuMeter();
    const started = now();
    for (let index = 0; index < topology.workers; index += 1) {
      workers.push(
        startWorker({
          connectionString: url,
          registry,
          concurrency: topology.concurrency,
          workerId: `bench-${workflowId}-${index}`,
          log: (line) => console.error(`  ${line}`),
          onOutcome: (run, outcome) => {
            state.lastProgress = now();
            if (outcome.kind === 'succeeded') {
              state.succeeded += 1;
              if (state.succeeded === runs) finished();
            } else {
              state.failure ??= new Error(`Run ${run.id} ended ${JSON.stringify(outcome)}`);
              finished();
            }
          },
        }),
      );
    }
    options.onWorkers?.(workers);
    const stallMs = options.stallMs ?? 60_000;
    const watchdog = (async () => {
      while (!isFinished) {
        await sleep(1_000);
        if (!isFinished && now() - state.lastProgress > stallMs) {
          state.failure ??= new Error(
            `No run finished for ${stallMs / 1000} s (${state.succeeded}/${runs})`,
          );
          finished();
        }
      }
    })();
    await allDone;
    const elapsed = (now() - started) / 1000;
    const cpuUsage = cpu();
    probe.disable();
    await watchdog;
    if (state.failure) throw state.failure;

    await Promise.all(workers.map((worker) => worker.stop()));
    workers.length = 0;
    await verify(pool, workflowId, runs);

    const statements = STATEMENT_KINDS.map((kind) => ({
      kind,
      perRun: probe.durations[kind].length / runs,
      p50Ms: percentile(probe.durations[kind], 50),
    })).filter((entry) => entry.perRun > 0);
    return {
      runs,
      steps: runs * STEPS_PER_RUN,
      seconds: elapsed,
      stepsPerSecond: (runs * STEPS_PER_RUN) / elapsed,
      checkpointP50Ms: percentile(probe.durations.checkpoint, 50),
      checkpointP99Ms: percentile(probe.durations.checkpoint, 99),
      stepOverheadP50Ms: percentile(overheads, 50),
      stepOverheadP99Ms: percentile(overheads, 99),
      statements,
      cpu: cpuUsage,
    };
  } finally {
    probe.disable();
    await Promise.all(workers.map((worker) => worker.stop().catch(() => {})));
    await pool.end().catch(() => {});
  }
}
