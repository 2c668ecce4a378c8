// A worker SIGKILLed inside a non-idempotent step: nobody knows whether the effect happened, so
// the next worker must not run the step again; the run goes to "needs reconciliation".
import { describe, expect, it } from 'vitest';
import { startRun } from '../../server/engine/index.ts';
import { registry } from '../fixtures/crash-workflows.ts';
import { testDatabaseUrl } from '../support/database.ts';
import {
  createEffectTables,
  pollUntil,
  signalWorker,
  sleep,
  spawnWorker,
  tailOf,
} from './crash-support.ts';
import { checkpointsOf, pool, waitForRun } from './support.ts';

async function attemptsOf(runId: string): Promise<{ step: string; worker: string }[]> {
  const { rows } = await pool.query<{ step: string; worker: string }>(
    'SELECT step, worker FROM effect_attempts WHERE run_id = $1 ORDER BY id',
    [runId],
  );
  return rows;
}

describe('needs reconciliation after a crash', () => {
  it('does not run a non-idempotent step again after its worker died in it', async () => {
    const LEASE_MS = 1_000;
    await createEffectTables(testDatabaseUrl);
    const a = spawnWorker({ name: 'a', databaseUrl: testDatabaseUrl, leaseMs: LEASE_MS });
    await a.waitForOutput(/ready/);
    const { runId } = await startRun(pool, registry, {
      workflowId: 'crash-reconcile',
      input: { holdMs: 60_000 },
    });

    // A is inside `charge`: its `running` checkpoint is recorded, the effect not yet applied.
    await pollUntil(async () => ((await attemptsOf(runId)).length > 0 ? true : undefined), {
      timeoutMs: 10_000,
      describe: () => `A never started charge\n${tailOf([a])}`,
    });
    const during = await checkpointsOf(runId);
    expect(during.charge).toMatchObject({ status: 'running', attempt_count: 1 });
    await signalWorker(a, 'SIGKILL');

    // B picks the run up after A's lease expires, and hands it to a person.
    const b = spawnWorker({ name: 'b', databaseUrl: testDatabaseUrl, leaseMs: LEASE_MS });
    const run = await waitForRun(runId, ['needs_reconciliation', 'succeeded', 'dead'], 15_000);
    expect(run.status).toBe('needs_reconciliation');
    await sleep(LEASE_MS); // time for a wrong second attempt to show

    expect(await attemptsOf(runId)).toEqual([{ step: 'charge', worker: 'a' }]);
    const { rows: effects } = await pool.query('SELECT * FROM effects WHERE run_id = $1', [runId]);
    expect(effects).toEqual([]);
    const steps = await checkpointsOf(runId);
    expect(Object.keys(steps)).toEqual(['charge']);
    expect(steps.charge).toMatchObject({
      status: 'running',
      attempt_count: 1,
      idempotency_key: `${runId}:charge`,
      error: { errorClass: 'OutcomeUnknown' },
    });
    const { rows: runs } = await pool.query(
      'SELECT status, lease_token, lease_owner FROM runs WHERE id = $1',
      [runId],
    );
    expect(runs).toEqual([
      { status: 'needs_reconciliation', lease_token: null, lease_owner: null },
    ]);
    expect(b.output()).toContain(`run ${runId} suspended`);
  });
});
