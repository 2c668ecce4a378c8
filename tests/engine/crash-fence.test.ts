// Fencing: a worker that lost its lease cannot write. First the fence itself (a checkpoint with a
// stale lease token), then a real worker process frozen with SIGSTOP mid-step past its lease,
// while a second worker takes the run over and finishes it, then resumed with SIGCONT.
import { describe, expect, it } from 'vitest';
import { claimRuns } from '../../server/engine/claim.ts';
import { startRun } from '../../server/engine/index.ts';
import { completeRun, writeCheckpoint } from '../../server/engine/store.ts';
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

interface RunLeaseRow {
  status: string;
  lease_token: string | null;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  updated_at: Date;
  output: unknown;
}

async function runRow(runId: string): Promise<RunLeaseRow | undefined> {
  const { rows } = await pool.query<RunLeaseRow>(
    'SELECT status, lease_token, lease_owner, lease_expires_at, updated_at, output FROM runs WHERE id = $1',
    [runId],
  );
  return rows[0];
}

async function attemptsOf(runId: string): Promise<{ step: string; worker: string }[]> {
  const { rows } = await pool.query<{ step: string; worker: string }>(
    'SELECT step, worker FROM effect_attempts WHERE run_id = $1 ORDER BY id',
    [runId],
  );
  return rows;
}

describe('the fence', () => {
  it('refuses a checkpoint, a release and a completion made with a stale lease token, and writes nothing', async () => {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO runs (workflow_id, workflow_version, input) VALUES ('fence-unit', 1, '{}') RETURNING id`,
    );
    const runId = rows[0]?.id ?? '';
    const claim = (workerId: string, leaseMs: number) =>
      claimRuns(pool, { workflowIds: ['fence-unit'], workerId, leaseMs, limit: 1 });

    const [stale] = await claim('old-worker', 1);
    expect(stale?.id).toBe(runId);
    await sleep(30); // the old worker's lease expires
    const [current] = await claim('new-worker', 60_000);
    expect(current?.id).toBe(runId);
    if (!stale || !current) throw new Error('both claims must succeed');
    expect(current.leaseToken).not.toBe(stale.leaseToken);
    const before = await runRow(runId);
    expect(before).toMatchObject({ status: 'running', lease_owner: 'new-worker' });

    const write = {
      stepId: 'charge',
      kind: 'tool' as const,
      status: 'succeeded' as const,
      attemptCount: 1,
      attempts: [],
      output: { by: 'old-worker' },
      idempotencyKey: `${runId}:charge`,
      isFinished: true,
    };
    expect(await writeCheckpoint(pool, runId, stale.leaseToken, { kind: 'keep' }, write)).toBe(
      false,
    );
    expect(
      await writeCheckpoint(
        pool,
        runId,
        stale.leaseToken,
        { kind: 'release', status: 'queued', runAfter: new Date() },
        write,
      ),
    ).toBe(false);
    expect(await completeRun(pool, runId, stale.leaseToken, { by: 'old-worker' })).toBe(false);

    expect(await checkpointsOf(runId)).toEqual({});
    expect(await runRow(runId)).toEqual(before);

    // The current holder's token passes the same fence.
    expect(
      await writeCheckpoint(
        pool,
        runId,
        current.leaseToken,
        { kind: 'keep' },
        {
          ...write,
          output: { by: 'new-worker' },
        },
      ),
    ).toBe(true);
    expect((await checkpointsOf(runId)).charge?.output).toEqual({ by: 'new-worker' });
  });
});

describe('a worker paused past its lease (SIGSTOP, SIGCONT)', () => {
  it('has its late checkpoint rejected; the run and its steps belong to the second worker', async () => {
    const LEASE_MS = 1_000;
    await createEffectTables(testDatabaseUrl);
    // A's `slow` step sleeps 8 leases (long enough that, even on a loaded machine, it is still
    // inside the step when frozen); B's returns at once.
    const a = spawnWorker({
      name: 'a',
      databaseUrl: testDatabaseUrl,
      leaseMs: LEASE_MS,
      env: { CRASH_SLOW_MS: String(8 * LEASE_MS) },
    });
    await a.waitForOutput(/ready/);
    const { runId } = await startRun(pool, registry, { workflowId: 'crash-fence', input: {} });

    // A is inside `slow`, holding the lease: freeze it (its heartbeat stops too).
    await pollUntil(
      async () => ((await attemptsOf(runId)).some((row) => row.step === 'slow') ? true : undefined),
      { timeoutMs: 10_000, describe: () => `A never started slow\n${tailOf([a])}` },
    );
    expect((await runRow(runId))?.lease_owner).toBe(a.workerId);
    await signalWorker(a, 'SIGSTOP');
    const stoppedAt = Date.now();

    // B takes the run over once A's lease has expired, and finishes it.
    const b = spawnWorker({
      name: 'b',
      databaseUrl: testDatabaseUrl,
      leaseMs: LEASE_MS,
      env: { CRASH_SLOW_MS: '0' },
    });
    const finished = await waitForRun(runId, ['succeeded', 'dead', 'failed'], 15_000);
    // Not before A's lease ran out: its last heartbeat was at most a third of a lease before the stop.
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual((2 * LEASE_MS) / 3 - 50);
    expect(finished.status).toBe('succeeded');
    expect(finished.output).toEqual({ slow: 'b', after: 'b' });
    const settled = await checkpointsOf(runId);
    const runBefore = await runRow(runId);
    expect(Object.keys(settled).sort()).toEqual(['after', 'slow']);
    expect(settled.slow?.output).toEqual({ worker: 'b' });
    expect(settled.after?.output).toEqual({ worker: 'b' });

    // A wakes up: its `slow` code returns, and the checkpoint it then writes is refused.
    await signalWorker(a, 'SIGCONT');
    await pollUntil(
      async () =>
        (await attemptsOf(runId)).some((row) => row.step === 'slow:returned' && row.worker === 'a')
          ? true
          : undefined,
      { timeoutMs: 20_000, describe: () => `A's slow step never returned\n${tailOf([a, b])}` },
    );
    await a.waitForOutput(new RegExp(`lost the lease on run ${runId}`), 10_000);
    expect(a.output()).toContain(`run ${runId} lease-lost`);
    await sleep(LEASE_MS); // anything A would still write has had time to land

    // Nothing A would have written exists: the run, its checkpoints and effects are B's.
    expect(await runRow(runId)).toEqual(runBefore);
    expect(await checkpointsOf(runId)).toEqual(settled);
    expect(settled.slow?.attempts).toHaveLength(1);
    expect(await attemptsOf(runId)).toEqual([
      { step: 'slow', worker: 'a' },
      { step: 'slow', worker: 'b' },
      { step: 'slow:returned', worker: 'b' },
      { step: 'after', worker: 'b' },
      { step: 'slow:returned', worker: 'a' },
    ]);
    const { rows: effects } = await pool.query(
      'SELECT idempotency_key, step, worker FROM effects WHERE run_id = $1',
      [runId],
    );
    expect(effects).toEqual([{ idempotency_key: `${runId}:after`, step: 'after', worker: 'b' }]);
    expect(b.output()).toContain(`run ${runId} succeeded`);
  });
});
