import { InngestTestEngine } from '@inngest/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { recordRunFailure } from '../../inngest/adapter.ts';
import {
  cancelRun,
  defineWorkflow,
  NonRetriableError,
  startRun,
} from '../../server/engine/index.ts';
import { requestReplay } from '../../server/runs/request-run.ts';
import { checkpointsOf, pool, testWorker, waitForRun } from '../engine/support.ts';
import { query, testDatabaseUrl } from '../support/database.ts';
import { inngestRun, nextRequest, runRow, ZEventSchema, ZNone } from './test-engine.ts';

describe('failing, replayed and cancelled Inngest runs (@inngest/test)', () => {
  it('sends a run whose step throws NonRetriableError to the same dead letter as the embedded engine', async () => {
    const workflow = defineWorkflow({
      id: 'pay-supplier',
      version: 1,
      title: 'Pay supplier',
      description: 'the bank refuses',
      input: z.object({ supplierId: z.string() }),
      async run({ step }) {
        await step.run('check', () => ({ ok: true }));
        await step.run('pay', () => {
          throw new NonRetriableError('IBAN DE00 1234 rejected by bank');
        });
      },
    });
    const { fn, runId, event, registry } = await inngestRun(workflow, { supplierId: 's-1' });
    const t = new InngestTestEngine({ function: fn, events: [event] });

    // First request: the step body runs, fails for good, and Inngest is told not to retry it.
    const first = await t.execute();
    expect(first).toMatchObject({ error: { name: 'NonRetriableError' } });
    expect((await checkpointsOf(runId)).pay).toMatchObject({
      status: 'failed',
      attempt_count: 1,
      error: { errorClass: 'NonRetriableError', attempts: 1 },
    });
    // Next request: Inngest hands back the failed step; the workflow fails with it.
    const second = await nextRequest(fn, event, {
      done: { $recorded: [], check: { ok: true } },
      failed: { pay: 'error' in first ? first.error : null },
    });
    expect(second).toMatchObject({ error: { name: 'NonRetriableError' } });
    expect((await runRow(runId))?.status).toBe('running');

    // Inngest gives up and calls the failure handler.
    const failure = await recordRunFailure(pool, workflow, {
      event: { name: 'inngest/function.failed', data: { error: {}, event } },
      error: new Error('NonRetriableError'),
    });
    expect(failure).toEqual({ isBuried: true });

    // The same workflow on the embedded engine, for comparison.
    testWorker(registry);
    const embedded = await startRun(pool, registry, {
      workflowId: workflow.id,
      input: { supplierId: 's-1' },
    });
    await waitForRun(embedded.runId, ['dead']);

    const columns = 'step_id, error_class, message, attempts, input, group_key';
    const [onInngest] = await query(
      testDatabaseUrl,
      `SELECT ${columns} FROM dead_letters WHERE run_id = $1`,
      [runId],
    );
    const [onEmbedded] = await query(
      testDatabaseUrl,
      `SELECT ${columns} FROM dead_letters WHERE run_id = $1`,
      [embedded.runId],
    );
    expect(onInngest).toEqual({
      step_id: 'pay',
      error_class: 'NonRetriableError',
      message: 'IBAN DE00 1234 rejected by bank',
      attempts: 1,
      input: { supplierId: 's-1' },
      group_key: expect.stringMatching(/^pay-supplier:pay:NonRetriableError:/),
    });
    expect(onInngest).toEqual(onEmbedded);
    const [stack] = await query(
      testDatabaseUrl,
      'SELECT stack FROM dead_letters WHERE run_id = $1',
      [runId],
    );
    expect(stack?.stack).toContain('StepFailedError');
    expect(await runRow(runId)).toEqual(await runRow(embedded.runId));
  });

  it('keeps finished steps when a dead Inngest run is replayed from its failed step', async () => {
    const calls = { reserve: 0, ship: 0 };
    let isCarrierDown = true;
    const workflow = defineWorkflow({
      id: 'ship-order',
      version: 1,
      title: 'Ship order',
      description: 'reserves stock, then books a carrier that is down at first',
      input: ZNone,
      async run({ step }) {
        const reservation = await step.run('reserve', () => {
          calls.reserve += 1;
          return { reservationId: 'R-1' };
        });
        await step.sleep('cool-off', '1h');
        return step.run('ship', () => {
          calls.ship += 1;
          if (isCarrierDown) throw new NonRetriableError('carrier rejected the booking');
          return { ...reservation, tracking: 'T-9' };
        });
      },
    });
    const { fn, runId, event, registry } = await inngestRun(workflow, {});
    const first = await new InngestTestEngine({
      function: fn,
      events: [event],
      steps: [{ id: 'cool-off', handler: () => null }],
    }).execute();
    await nextRequest(fn, event, {
      done: { $recorded: [], reserve: { reservationId: 'R-1' }, 'cool-off': null },
      failed: { ship: 'error' in first ? first.error : null },
    });
    await recordRunFailure(pool, workflow, { event: { data: { event } }, error: new Error('x') });
    expect((await runRow(runId))?.status).toBe('dead');

    isCarrierDown = false;
    const sent: unknown[] = [];
    await requestReplay(
      pool,
      registry,
      { runId, mode: 'from_failed_step' },
      {
        sendInngestEvent: async (replayEvent) => {
          sent.push({ ...replayEvent, ts: Date.now() });
        },
      },
    );
    // A new Inngest run: no state of the old one, and no mocks. The sleep is not slept again.
    const { result } = await new InngestTestEngine({
      function: fn,
      events: [ZEventSchema.parse(sent[0])],
    }).execute();

    expect(result).toEqual({ reservationId: 'R-1', tracking: 'T-9' });
    expect(calls).toEqual({ reserve: 1, ship: 2 });
    expect(await runRow(runId)).toMatchObject({ status: 'succeeded' });
    const steps = await checkpointsOf(runId);
    expect(steps.ship).toMatchObject({ status: 'succeeded', attempt_count: 1 });
    expect(steps['cool-off']).toMatchObject({ status: 'succeeded' });
  });

  it('stops at the next checkpoint of a run cancelled in our tables, without a dead letter', async () => {
    const workflow = defineWorkflow({
      id: 'sync-crm',
      version: 1,
      title: 'Sync CRM',
      description: 'cancelled while its step runs',
      input: ZNone,
      async run({ step, run }) {
        await step.run('push', async () => {
          await cancelRun(pool, { runId: run.id, reason: 'wrong customer' });
          return { pushed: true };
        });
        await step.run('after', () => ({ reached: true }));
      },
    });
    const { fn, runId, event } = await inngestRun(workflow, {});
    const first = await new InngestTestEngine({ function: fn, events: [event] }).execute();
    expect(first).toMatchObject({
      error: { name: 'NonRetriableError', cause: { steward: 'run-stopped' } },
    });
    const second = await nextRequest(fn, event, {
      done: { $recorded: [] },
      failed: { push: 'error' in first ? first.error : null },
    });
    // Inngest's next request finds the run cancelled and ends the function there.
    expect(second).toMatchObject({ result: { skipped: 'cancelled' } });

    expect(await runRow(runId)).toMatchObject({ status: 'cancelled' });
    expect(await checkpointsOf(runId)).toEqual({});
    await recordRunFailure(pool, workflow, { event: { data: { event } }, error: new Error('x') });
    const deadLetters = await query(
      testDatabaseUrl,
      'SELECT id FROM dead_letters WHERE run_id = $1',
      [runId],
    );
    expect(deadLetters).toEqual([]);
  });
});
