import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createWorkflowRegistry,
  defineWorkflow,
  sendEvent,
  startRun,
} from '../../server/engine/index.ts';
import { RUNS_CHANNEL } from '../../server/engine/store.ts';
import { checkpointsOf, pool, testWorker, waitForRun } from './support.ts';

const registry = createWorkflowRegistry([
  defineWorkflow({
    id: 'nap',
    version: 1,
    title: 'Nap',
    description: 'sleeps between two steps',
    input: z.object({ ms: z.number() }),
    async run({ input, step }) {
      const before = await step.run('before', () => Date.now());
      await step.sleep('nap', input.ms);
      const after = await step.run('after', () => Date.now());
      return { slept: after - before };
    },
  }),
  defineWorkflow({
    id: 'approval',
    version: 1,
    title: 'Approval',
    description: 'waits for a decision on its item',
    input: z.object({ item: z.string(), timeout: z.number() }),
    async run({ input, step }) {
      await step.run('prepare', () => ({ item: input.item }));
      const decision = await step.waitForEvent<{ item: string; verdict: string }>('decision', {
        event: 'review/decided',
        match: { item: input.item },
        timeout: input.timeout,
      });
      return decision ? { verdict: decision.data.verdict } : { verdict: 'expired' };
    },
  }),
  defineWorkflow({
    id: 'person-approval',
    version: 1,
    title: 'Approval by a person',
    description: 'waits for a reviewer, showing the run as needing review meanwhile',
    input: z.object({ item: z.string(), timeout: z.number() }),
    async run({ input, step }) {
      await step.run('prepare', () => ({ item: input.item }));
      const decision = await step.waitForEvent<{ item: string; verdict: string }>('decision', {
        event: 'review/decided',
        match: { item: input.item },
        timeout: input.timeout,
        status: 'needs_review',
      });
      return decision ? { verdict: decision.data.verdict } : { verdict: 'expired' };
    },
  }),
]);

describe('step.sleep', () => {
  it('suspends the run durably and resumes it after the duration', async () => {
    testWorker(registry);
    const { runId } = await startRun(pool, registry, { workflowId: 'nap', input: { ms: 400 } });
    await waitForRun(runId, ['sleeping']);
    const { rows } = await pool.query('SELECT lease_token FROM runs WHERE id = $1', [runId]);
    expect(rows[0].lease_token).toBeNull(); // no worker holds a sleeping run
    const run = await waitForRun(runId, ['succeeded']);
    expect((run.output as { slept: number }).slept).toBeGreaterThanOrEqual(400);
    expect((await checkpointsOf(runId)).nap?.status).toBe('succeeded');
  });
});

describe('step.waitForEvent', () => {
  it('wakes the run with the matching event and ignores events for other items', async () => {
    testWorker(registry);
    const { runId } = await startRun(pool, registry, {
      workflowId: 'approval',
      input: { item: 'A-1', timeout: 60_000 },
    });
    await waitForRun(runId, ['waiting']);
    const other = await sendEvent(pool, {
      name: 'review/decided',
      data: { item: 'B-2', verdict: 'rejected' },
    });
    expect(other.wokenRunIds).toEqual([]);
    const mine = await sendEvent(pool, {
      name: 'review/decided',
      data: { item: 'A-1', verdict: 'approved' },
    });
    expect(mine.wokenRunIds).toEqual([runId]);
    expect((await waitForRun(runId, ['succeeded'])).output).toEqual({ verdict: 'approved' });
    const decision = (await checkpointsOf(runId)).decision;
    expect(decision?.output).toMatchObject({
      id: mine.eventId,
      name: 'review/decided',
      data: { item: 'A-1' },
    });
  });

  it('returns null after the timeout', async () => {
    testWorker(registry);
    const { runId } = await startRun(pool, registry, {
      workflowId: 'approval',
      input: { item: 'C-3', timeout: 300 },
    });
    expect((await waitForRun(runId, ['succeeded'])).output).toEqual({ verdict: 'expired' });
    expect((await checkpointsOf(runId)).decision).toMatchObject({
      status: 'succeeded',
      output: null,
    });
  });

  it('does not lose an event sent after the previous step but before the wait was recorded', async () => {
    const { runId } = await startRun(pool, registry, {
      workflowId: 'approval',
      input: { item: 'D-4', timeout: 60_000 },
    });
    // No worker yet: the decision arrives before the run ever reaches its wait.
    await sendEvent(pool, { name: 'review/decided', data: { item: 'D-4', verdict: 'approved' } });
    testWorker(registry);
    expect((await waitForRun(runId, ['succeeded'])).output).toEqual({ verdict: 'approved' });
  });
});

describe('step.waitForEvent with status needs_review', () => {
  it('shows the run as needing review while it waits, and wakes it with the matching event', async () => {
    testWorker(registry);
    const { runId } = await startRun(pool, registry, {
      workflowId: 'person-approval',
      input: { item: 'E-5', timeout: 60_000 },
    });
    await waitForRun(runId, ['needs_review']);
    const { rows } = await pool.query(
      `SELECT lease_token, run_after > now() + interval '50 seconds' AS due_at_timeout
       FROM runs WHERE id = $1`,
      [runId],
    );
    expect(rows[0]).toEqual({ lease_token: null, due_at_timeout: true });
    expect((await checkpointsOf(runId)).decision?.status).toBe('waiting');

    const other = await sendEvent(pool, {
      name: 'review/decided',
      data: { item: 'F-6', verdict: 'approved' },
    });
    expect(other.wokenRunIds).toEqual([]);
    expect((await waitForRun(runId, ['needs_review'])).status).toBe('needs_review');
    // Idle workers hear of the woken run at once (NOTIFY), not at their next poll.
    const listener = await pool.connect();
    const notified = new Promise<string | undefined>((resolve) =>
      listener.on('notification', (message) => resolve(message.payload)),
    );
    await listener.query(`LISTEN ${RUNS_CHANNEL}`);
    const mine = await sendEvent(pool, {
      name: 'review/decided',
      data: { item: 'E-5', verdict: 'rejected' },
    });
    expect(mine.wokenRunIds).toEqual([runId]);
    expect(await notified).toBe('review/decided');
    await listener.query(`UNLISTEN ${RUNS_CHANNEL}`);
    listener.release();
    expect((await waitForRun(runId, ['succeeded'])).output).toEqual({ verdict: 'rejected' });
    expect((await checkpointsOf(runId)).decision?.output).toMatchObject({ id: mine.eventId });
  });

  it('is claimed again when the wait times out, and the wait returns null', async () => {
    testWorker(registry);
    const { runId } = await startRun(pool, registry, {
      workflowId: 'person-approval',
      input: { item: 'G-7', timeout: 1_000 },
    });
    await waitForRun(runId, ['needs_review']);
    expect((await waitForRun(runId, ['succeeded'])).output).toEqual({ verdict: 'expired' });
    expect((await checkpointsOf(runId)).decision).toMatchObject({
      status: 'succeeded',
      output: null,
    });
  });

  it('never claims a run that needs review without waiting for anything', async () => {
    // Marked by hand (a person must act, no wait will time out): no worker may run it.
    const { rows } = await pool.query(
      `INSERT INTO runs (workflow_id, workflow_version, status, input)
       VALUES ('person-approval', 1, 'needs_review', '{"item":"H-8","timeout":1000}') RETURNING id`,
    );
    const runId: string = rows[0].id;
    testWorker(registry);
    // A run that is due: once the worker has claimed it, the run above was passed over.
    const { runId: due } = await startRun(pool, registry, {
      workflowId: 'nap',
      input: { ms: 0 },
    });
    await waitForRun(due, ['succeeded']);
    const { rows: after } = await pool.query('SELECT status, lease_token FROM runs WHERE id = $1', [
      runId,
    ]);
    expect(after[0]).toEqual({ status: 'needs_review', lease_token: null });
    expect(await checkpointsOf(runId)).toEqual({});
  });
});
