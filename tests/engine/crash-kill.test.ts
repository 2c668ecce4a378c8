// Workers SIGKILLed at random moments under load (DESIGN.md section 9): no run lost, no external
// effect applied twice, and proof from the attempts table that the kills landed mid-step.
//
// STEWARD_CRASH_KILLS (default 20; the design's stress target is 100) and STEWARD_CRASH_RUNS
// (default 50, the runs queued at the start) size it. More runs are queued while the kills go on
// whenever fewer than 15 are unfinished, so every kill lands under load.
import { describe, expect, it } from 'vitest';
import { startRun } from '../../server/engine/index.ts';
import { LOAD_EFFECT_STEPS, registry } from '../fixtures/crash-workflows.ts';
import { testDatabaseUrl } from '../support/database.ts';
import {
  createEffectTables,
  intFromEnv,
  pollUntil,
  printWorkerLogs,
  signalWorker,
  sleep,
  spawnWorker,
  tailOf,
  type WorkerProcess,
} from './crash-support.ts';
import { pool } from './support.ts';

const KILLS = intFromEnv('STEWARD_CRASH_KILLS', 20);
const INITIAL_RUNS = Math.max(50, intFromEnv('STEWARD_CRASH_RUNS', 50));
const WORKERS = 3;
const LEASE_MS = 1_000;
const CONCURRENCY = 3;
const STEP_DELAYS = { beforeMs: 150, afterMs: 150 };
const ALL_STEPS = ['load', ...LOAD_EFFECT_STEPS];

async function enqueue(count: number, first: number): Promise<{ runId: string; n: number }[]> {
  const runs: { runId: string; n: number }[] = [];
  for (let n = first; n < first + count; n += 1) {
    const { runId } = await startRun(pool, registry, {
      workflowId: 'crash-load',
      input: { n, ...STEP_DELAYS },
    });
    runs.push({ runId, n });
  }
  return runs;
}

async function statusCounts(): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM runs GROUP BY status',
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

async function count(sql: string, values: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(sql, values);
  return rows[0]?.n ?? -1;
}

describe('SIGKILL under load', () => {
  it(
    `kills a random worker ${KILLS} times mid-run; every run succeeds and every effect is applied once`,
    async () => {
      await createEffectTables(testDatabaseUrl);
      let spawned = 0;
      const everyWorker: WorkerProcess[] = [];
      const start = () => {
        spawned += 1;
        const worker = spawnWorker({
          name: `w${spawned}`,
          databaseUrl: testDatabaseUrl,
          leaseMs: LEASE_MS,
          concurrency: CONCURRENCY,
        });
        everyWorker.push(worker);
        return worker;
      };
      const alive: WorkerProcess[] = [];
      for (let i = 0; i < WORKERS; i += 1) alive.push(start());
      await Promise.all(alive.map((w) => w.waitForOutput(/ready/)));

      const runs = await enqueue(INITIAL_RUNS, 0);
      const startedAt = Date.now();

      // The kills: a random worker at a random moment, replaced at once.
      const kills: { worker: string; heldRuns: number; unfinished: number }[] = [];
      while (kills.length < KILLS) {
        // A random 300-800 ms, and the last replacement is up (so kills land on busy workers).
        await Promise.all([
          sleep(300 + Math.random() * 500),
          ...alive.map((worker) => worker.waitForOutput(/ready/)),
        ]);
        const index = Math.floor(Math.random() * alive.length);
        const victim = alive[index];
        if (!victim) throw new Error('no worker to kill');
        const heldRuns = await count(
          "SELECT count(*)::int AS n FROM runs WHERE status = 'running' AND lease_owner = $1",
          [victim.workerId],
        );
        await signalWorker(victim, 'SIGKILL');
        alive.splice(index, 1, start());
        const unfinished = await count(
          "SELECT count(*)::int AS n FROM runs WHERE status <> 'succeeded'",
        );
        kills.push({ worker: victim.name, heldRuns, unfinished });
        if (unfinished < 15) runs.push(...(await enqueue(10, runs.length)));
      }
      const killPhaseMs = Date.now() - startedAt;

      // Let the workers finish everything.
      await pollUntil(
        async () => {
          const counts = await statusCounts();
          return counts.succeeded === runs.length ? counts : undefined;
        },
        {
          timeoutMs: 60_000,
          intervalMs: 200,
          describe: async () =>
            `runs by status ${JSON.stringify(await statusCounts())} of ${runs.length}\n${tailOf(alive)}`,
        },
      );
      const totalMs = Date.now() - startedAt;
      printWorkerLogs(everyWorker);

      // No run lost, none dead: every run succeeded with the output its steps add up to.
      const { rows: finished } = await pool.query<{ id: string; status: string; output: unknown }>(
        'SELECT id, status, output FROM runs',
      );
      expect(finished).toHaveLength(runs.length);
      const byId = new Map(finished.map((row) => [row.id, row]));
      for (const { runId, n } of runs) {
        expect(byId.get(runId)).toMatchObject({
          status: 'succeeded',
          output: { total: n * 10 + 4 },
        });
      }
      expect(await count('SELECT count(*)::int AS n FROM dead_letters')).toBe(0);

      // Every expected effect exists, exactly once, under its step's idempotency key.
      const writingSteps = LOAD_EFFECT_STEPS.length;
      expect(await count('SELECT count(*)::int AS n FROM effects')).toBe(
        runs.length * writingSteps,
      );
      const missing = await pool.query(
        `SELECT r.id, s.step FROM runs r CROSS JOIN unnest($1::text[]) AS s(step)
         LEFT JOIN effects e ON e.idempotency_key = r.id || ':' || s.step AND e.run_id = r.id AND e.step = s.step
         WHERE e.idempotency_key IS NULL`,
        [[...LOAD_EFFECT_STEPS]],
      );
      expect(missing.rows).toEqual([]);

      // Steps did run again after kills: more attempts than effects, and some attempts came
      // after their effect was already applied (the idempotency key stopped a second effect).
      const attempts = await count('SELECT count(*)::int AS n FROM effect_attempts');
      const reattemptedKeys = await count(
        `SELECT count(*)::int AS n FROM (
           SELECT idempotency_key FROM effect_attempts GROUP BY idempotency_key HAVING count(*) > 1
         ) AS again`,
      );
      const attemptsAfterEffect = await count(
        `SELECT count(*)::int AS n FROM effect_attempts a
         JOIN effects e USING (idempotency_key) WHERE a.attempted_at > e.applied_at`,
      );
      const runsOnSeveralWorkers = await count(
        `SELECT count(*)::int AS n FROM (
           SELECT run_id FROM effect_attempts GROUP BY run_id HAVING count(DISTINCT worker) > 1
         ) AS moved`,
      );
      expect(attempts).toBeGreaterThan(runs.length * writingSteps);
      expect(reattemptedKeys).toBeGreaterThan(0);
      expect(attemptsAfterEffect).toBeGreaterThan(0);

      // Each step is checkpointed once per run, as one successful attempt: a second worker's
      // checkpoint of the same step would have appended a second attempt.
      expect(await count('SELECT count(*)::int AS n FROM step_checkpoints')).toBe(
        runs.length * ALL_STEPS.length,
      );
      const { rows: badCheckpoints } = await pool.query(
        `SELECT run_id, step_id, status, jsonb_array_length(attempts) AS attempts FROM step_checkpoints
         WHERE status <> 'succeeded' OR jsonb_array_length(attempts) <> 1 OR step_id <> ALL($1::text[])`,
        [ALL_STEPS],
      );
      expect(badCheckpoints).toEqual([]);

      // The kills hit workers that held runs (not only fresh replacements).
      const killsHoldingRuns = kills.filter((kill) => kill.heldRuns > 0).length;
      expect(killsHoldingRuns).toBeGreaterThanOrEqual(Math.ceil(KILLS / 2));

      console.info(
        `crash-kill: ${kills.length} kills (${killsHoldingRuns} holding runs, ${kills.reduce((sum, k) => sum + k.heldRuns, 0)} runs held at kill time), ` +
          `${spawned} worker processes, ${runs.length} runs, ${runs.length * writingSteps} effects, ` +
          `${attempts} effect attempts (${reattemptedKeys} keys attempted more than once, ` +
          `${attemptsAfterEffect} attempts after the effect was applied), ` +
          `${runsOnSeveralWorkers} runs executed by more than one worker; ` +
          `kill phase ${killPhaseMs} ms, all done ${totalMs} ms`,
      );
    },
    KILLS * 1_000 + 90_000,
  );
});
