import { InngestTestEngine, mockCtx } from '@inngest/test';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineWorkflow } from '../../server/engine/index.ts';
import { checkpointsOf } from '../engine/support.ts';
import { query, testDatabaseUrl } from '../support/database.ts';
import { inngestRun, nextRequest, runRow, ZNone } from './test-engine.ts';

describe('workflows as Inngest functions (@inngest/test)', () => {
  it('runs a multi-step workflow with its real step bodies and records steps and run in our tables', async () => {
    const calls = { lookup: 0, post: 0 };
    const workflow = defineWorkflow({
      id: 'post-invoice',
      version: 3,
      title: 'Post invoice',
      description: 'looks up, sleeps, posts',
      input: z.object({ invoiceId: z.string() }),
      async run({ input, step, run }) {
        const invoice = await step.run(
          'lookup',
          () => {
            calls.lookup += 1;
            return { id: input.invoiceId, total: 120 };
          },
          { kind: 'tool', toolName: 'erp.getInvoice' },
        );
        await step.sleep('settle', '2s');
        const posted = await step.run('post', ({ idempotencyKey, attempt }) => {
          calls.post += 1;
          return { ledgerRef: `L-${invoice.total}`, key: idempotencyKey, attempt };
        });
        return { posted, version: run.workflowVersion };
      },
    });
    const { fn, runId, event } = await inngestRun(workflow, { invoiceId: 'INV-9' });
    // Inngest ends the sleep; the test engine needs its outcome mocked.
    const t = new InngestTestEngine({
      function: fn,
      events: [event],
      steps: [{ id: 'settle', handler: () => null }],
    });
    const { result } = await t.execute();

    const posted = { ledgerRef: 'L-120', key: `${runId}:post`, attempt: 1 };
    expect(result).toEqual({ posted, version: 3 });
    expect(calls).toEqual({ lookup: 1, post: 1 });
    expect(await runRow(runId)).toEqual({
      status: 'succeeded',
      output: { posted, version: 3 },
      error: null,
    });
    const steps = await checkpointsOf(runId);
    expect(Object.keys(steps).sort()).toEqual(['lookup', 'post', 'settle']);
    expect(steps.lookup).toMatchObject({
      status: 'succeeded',
      attempt_count: 1,
      output: { id: 'INV-9', total: 120 },
      idempotency_key: `${runId}:lookup`,
    });
    expect(steps.lookup?.attempts).toMatchObject([{ attempt: 1, errorClass: null }]);
    expect(steps.settle).toMatchObject({ status: 'succeeded', attempt_count: 1 });
    expect(steps.post).toMatchObject({ status: 'succeeded', output: posted });
    const [lookupRow] = await query(
      testDatabaseUrl,
      "SELECT kind, tool_name FROM step_checkpoints WHERE run_id = $1 AND step_id = 'lookup'",
      [runId],
    );
    expect(lookupRow).toEqual({ kind: 'tool', tool_name: 'erp.getInvoice' });
  });

  it('runs the fallback as a step of its own once the primary failed for good', async () => {
    const workflow = defineWorkflow({
      id: 'price-quote',
      version: 1,
      title: 'Price quote',
      description: 'the pricing API is down; the list price will do',
      input: ZNone,
      async run({ step }) {
        const price = await step.run(
          'price',
          (): { price: number; source: string } => {
            throw new Error('pricing API 502');
          },
          {
            retry: { maxAttempts: 1 },
            fallback: ({ error, idempotencyKey }) => ({
              price: 99,
              source: `list price after ${error.errorClass} (${error.attempts}), key ${idempotencyKey}`,
            }),
          },
        );
        return price;
      },
    });
    const { fn, runId, event } = await inngestRun(workflow, {});
    const t = new InngestTestEngine({ function: fn, events: [event] });
    const first = await t.execute();
    expect(first).toMatchObject({ error: { name: 'NonRetriableError' } });

    const { result } = await nextRequest(fn, event, {
      done: { $recorded: [] },
      failed: { price: 'error' in first ? first.error : null },
    });
    const expected = {
      price: 99,
      source: `list price after Error (1), key ${runId}:price.fallback`,
    };
    expect(result).toEqual(expected);
    const steps = await checkpointsOf(runId);
    expect(steps.price).toMatchObject({
      status: 'failed',
      error: { errorClass: 'Error', message: 'pricing API 502' },
    });
    expect(steps['price.fallback']).toMatchObject({ status: 'succeeded', output: expected });
    expect(await runRow(runId)).toEqual({ status: 'succeeded', output: expected, error: null });
  });

  it('waits for an engine event through Inngest with a match expression, and records the wait', async () => {
    const workflow = defineWorkflow({
      id: 'approve-refund',
      version: 1,
      title: 'Approve refund',
      description: 'waits for the reviewer',
      input: z.object({ reviewItemId: z.string() }),
      async run({ input, step }) {
        await step.run('propose', () => ({ proposed: true }));
        const decision = await step.waitForEvent<{ decision: string }>('decision', {
          event: 'review.decided',
          match: { reviewItemId: input.reviewItemId, by: { team: 'finance' } },
          timeout: '1h',
        });
        return { decision: decision?.data.decision ?? 'expired', eventId: decision?.id ?? null };
      },
    });
    const { fn, runId, event } = await inngestRun(workflow, { reviewItemId: 'ri-42' });
    const delivered = {
      id: '7d3a5c1e-0000-4000-8000-000000000042',
      name: 'steward/event.review.decided',
      data: { reviewItemId: 'ri-42', by: { team: 'finance' }, decision: 'approved' },
      ts: Date.parse('2026-11-23T10:00:00.000Z'),
    };
    const waitForEvent = vi.fn(async () => delivered);
    const t = new InngestTestEngine({
      function: fn,
      events: [event],
      transformCtx: (ctx) => {
        const mocked = mockCtx(ctx);
        Object.assign(mocked.step, { waitForEvent });
        return mocked;
      },
    });
    const { result } = await t.execute();

    expect(result).toEqual({ decision: 'approved', eventId: delivered.id });
    expect(waitForEvent).toHaveBeenCalledWith('decision', {
      event: 'steward/event.review.decided',
      timeout: 3_600_000,
      if: 'async.data.reviewItemId == "ri-42" && async.data.by.team == "finance"',
    });
    const [wait] = await query(
      testDatabaseUrl,
      `SELECT kind, status, output, wait_event, wait_match, wake_at IS NOT NULL AS has_timeout
       FROM step_checkpoints WHERE run_id = $1 AND step_id = 'decision'`,
      [runId],
    );
    expect(wait).toEqual({
      kind: 'wait',
      status: 'succeeded',
      output: {
        id: delivered.id,
        name: 'review.decided',
        data: delivered.data,
        createdAt: '2026-11-23T10:00:00.000Z',
      },
      wait_event: 'review.decided',
      wait_match: { reviewItemId: 'ri-42', by: { team: 'finance' } },
      has_timeout: true,
    });
    expect((await runRow(runId))?.status).toBe('succeeded');
  });
});
