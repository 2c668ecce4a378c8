import { serve } from 'inngest/next';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildInngestFunctions } from '../../inngest/adapter.ts';
import { createInngestClient } from '../../inngest/client.ts';
import {
  createWorkflowRegistry,
  defineWorkflow,
  NonRetriableError,
  startRun,
} from '../../server/engine/index.ts';
import { checkpointsOf, pool } from '../engine/support.ts';
import { query, testDatabaseUrl } from '../support/database.ts';
import {
  deliveredRunRequested,
  executeOverHttp,
  fakeInngestServer,
  quietLogger,
  serveOverHttp,
} from './support.ts';

const registry = createWorkflowRegistry([
  defineWorkflow({
    id: 'enrich-customer',
    version: 2,
    title: 'Enrich customer',
    description: 'looks a customer up, retries a flaky call, scores it',
    input: z.object({ customerId: z.string() }),
    retry: { initialDelayMs: 1_500, factor: 2, jitter: 0, maxDelayMs: 60_000 },
    async run({ input, step }) {
      const customer = await step.run('lookup', () => ({ id: input.customerId, size: 40 }));
      const score = await step.run('score', ({ attempt }) => {
        if (attempt < 3) throw new Error(`scoring service 503 (attempt ${attempt})`);
        return customer.size * 2;
      });
      return { customerId: customer.id, score };
    },
  }),
  defineWorkflow({
    id: 'charge-card',
    version: 1,
    title: 'Charge card',
    description: 'a payment that is declined',
    input: z.object({ amount: z.number() }),
    concurrency: 2,
    async run({ step }) {
      await step.run('charge', () => {
        throw new NonRetriableError('card declined for 12.50');
      });
    },
  }),
]);

/** The adapter's functions for the registry above, served over HTTP by `serve` from inngest/next. */
async function inngestApp(options: { isDev: boolean; baseUrl: string; signingKey?: string }) {
  const client = createInngestClient({ ...options, logger: quietLogger });
  const functions = buildInngestFunctions(client, registry, { db: () => pool });
  return serveOverHttp(serve({ client, functions }));
}

async function runRow(runId: string) {
  const [row] = await query(
    testDatabaseUrl,
    'SELECT status, output, error FROM runs WHERE id = $1',
    [runId],
  );
  return row;
}

describe('the serve handler, called over HTTP as Inngest calls it (dev mode: no signatures)', () => {
  it('describes itself on GET: dev mode, no keys, a run function and a failure handler per workflow', async () => {
    const inngestServer = await fakeInngestServer();
    const endpoint = await inngestApp({ isDev: true, baseUrl: inngestServer.url });
    const response = await fetch(endpoint);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      mode: 'dev',
      has_event_key: false,
      has_signing_key: false,
      function_count: 4,
    });
  });

  it('syncs on PUT: Inngest receives one function per workflow, triggered by its own run requests', async () => {
    const inngestServer = await fakeInngestServer();
    const endpoint = await inngestApp({ isDev: true, baseUrl: inngestServer.url });
    const response = await fetch(endpoint, { method: 'PUT' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ message: 'Successfully registered' });

    const sync = z
      .object({
        appName: z.string(),
        url: z.string(),
        functions: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            triggers: z.array(z.object({ event: z.string(), expression: z.string().optional() })),
            steps: z.record(
              z.string(),
              z.object({ retries: z.object({ attempts: z.number() }).optional() }),
            ),
            concurrency: z.unknown().optional(),
          }),
        ),
      })
      .parse(inngestServer.registrations[0]);
    expect(sync.appName).toBe('steward');
    expect(sync.url).toBe(endpoint);
    const byId = new Map(sync.functions.map((fn) => [fn.id, fn]));
    expect([...byId.keys()].sort()).toEqual([
      'steward-charge-card',
      'steward-charge-card-failure',
      'steward-enrich-customer',
      'steward-enrich-customer-failure',
    ]);
    expect(byId.get('steward-enrich-customer')).toMatchObject({
      name: 'Enrich customer',
      triggers: [
        {
          event: 'steward/run.requested',
          expression: 'event.data.workflowId == "enrich-customer"',
        },
      ],
      steps: { step: { retries: { attempts: 20 } } },
    });
    expect(byId.get('steward-charge-card')?.concurrency).toEqual({ limit: 2 });
    expect(byId.get('steward-charge-card-failure')?.triggers).toEqual([
      {
        event: 'inngest/function.failed',
        expression: "event.data.function_id == 'steward-charge-card'",
      },
    ]);
  });

  it('executes a run step by step, retrying a failed attempt after our backoff, and records it all in our tables', async () => {
    const inngestServer = await fakeInngestServer();
    const endpoint = await inngestApp({ isDev: true, baseUrl: inngestServer.url });
    const { runId } = await startRun(pool, registry, {
      workflowId: 'enrich-customer',
      input: { customerId: 'c-7' },
      engine: 'inngest',
    });
    const execution = await executeOverHttp(endpoint, {
      fnId: 'steward-enrich-customer',
      event: deliveredRunRequested(runId, 'enrich-customer'),
    });

    expect(execution.status).toBe(200);
    expect(execution.body).toEqual({ customerId: 'c-7', score: 80 });
    expect(execution.ops.map((op) => [op.displayName, op.op, op.attempt])).toEqual([
      ['$recorded', 'StepRun', 0],
      ['lookup', 'StepRun', 0],
      ['score', 'StepError', 0],
      ['score', 'StepError', 1],
      ['score', 'StepRun', 2],
    ]);
    // Inngest is told to wait our backoff (1.5 s, then 3 s; it counts whole seconds).
    const retryErrors = execution.ops.filter((op) => op.op === 'StepError').map((op) => op.error);
    expect(retryErrors).toMatchObject([{ name: 'RetryAfterError' }, { name: 'RetryAfterError' }]);

    expect(await runRow(runId)).toEqual({
      status: 'succeeded',
      output: { customerId: 'c-7', score: 80 },
      error: null,
    });
    const steps = await checkpointsOf(runId);
    expect(Object.keys(steps).sort()).toEqual(['lookup', 'score']);
    expect(steps.lookup).toMatchObject({
      status: 'succeeded',
      attempt_count: 1,
      output: { id: 'c-7', size: 40 },
      idempotency_key: `${runId}:lookup`,
    });
    expect(steps.score).toMatchObject({ status: 'succeeded', attempt_count: 3, output: 80 });
    expect(
      steps.score?.attempts.map((a) => [a.attempt, a.errorClass, a.retryInMs ?? null]),
    ).toEqual([
      [1, 'Error', 1_500],
      [2, 'Error', 3_000],
      [3, null, null],
    ]);
  });

  it('answers a step that failed for good as final, and its failure handler dead-letters the run', async () => {
    const inngestServer = await fakeInngestServer();
    const endpoint = await inngestApp({ isDev: true, baseUrl: inngestServer.url });
    const { runId } = await startRun(pool, registry, {
      workflowId: 'charge-card',
      input: { amount: 12.5 },
      engine: 'inngest',
    });
    const event = deliveredRunRequested(runId, 'charge-card');
    const execution = await executeOverHttp(endpoint, { fnId: 'steward-charge-card', event });
    expect(execution.status).toBe(400);
    expect(execution.headers.get('x-inngest-no-retry')).toBe('true');
    expect(execution.ops.map((op) => [op.displayName, op.op])).toEqual([
      ['$recorded', 'StepRun'],
      ['charge', 'StepFailed'],
    ]);
    expect((await runRow(runId))?.status).toBe('running');

    // Inngest then sends inngest/function.failed to the failure handler.
    const failed = {
      name: 'inngest/function.failed',
      data: {
        function_id: 'steward-charge-card',
        run_id: 'inngest-run-1',
        error: execution.body,
        event,
      },
      ts: Date.now(),
    };
    const handled = await executeOverHttp(endpoint, {
      fnId: 'steward-charge-card-failure',
      event: failed,
    });
    expect(handled.status).toBe(200);
    expect(handled.body).toEqual({ isBuried: true });

    const message = 'card declined for 12.50';
    expect(await runRow(runId)).toEqual({
      status: 'dead',
      output: null,
      error: { stepId: 'charge', errorClass: 'NonRetriableError', message },
    });
    const deadLetters = await query(
      testDatabaseUrl,
      'SELECT step_id, error_class, message, stack, attempts, input, group_key FROM dead_letters WHERE run_id = $1',
      [runId],
    );
    expect(deadLetters).toEqual([
      {
        step_id: 'charge',
        error_class: 'NonRetriableError',
        message,
        stack: expect.stringContaining('StepFailedError'),
        attempts: 1,
        input: { amount: 12.5 },
        group_key: expect.stringMatching(/^charge-card:charge:NonRetriableError:[0-9a-f]{16}$/),
      },
    ]);
  });
});

describe('the serve handler in cloud mode', () => {
  it('refuses an unsigned request to run a function, and runs nothing', async () => {
    const inngestServer = await fakeInngestServer();
    const endpoint = await inngestApp({
      isDev: false,
      baseUrl: inngestServer.url,
      signingKey: 'signkey-prod-0123456789abcdef0123456789abcdef',
    });
    const { runId } = await startRun(pool, registry, {
      workflowId: 'enrich-customer',
      input: { customerId: 'c-8' },
      engine: 'inngest',
    });
    const execution = await executeOverHttp(endpoint, {
      fnId: 'steward-enrich-customer',
      event: deliveredRunRequested(runId, 'enrich-customer'),
    });
    expect(execution.status).toBe(401);
    expect(execution.ops).toEqual([]);
    expect((await runRow(runId))?.status).toBe('queued');
    expect(await checkpointsOf(runId)).toEqual({});
  });

  it('answers 500 without a signing key, as Inngest documents for cloud mode', async () => {
    const inngestServer = await fakeInngestServer();
    const endpoint = await inngestApp({ isDev: false, baseUrl: inngestServer.url });
    const response = await fetch(endpoint);
    expect(response.status).toBe(500);
  });
});
