import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createWorkflowRegistry,
  defineWorkflow,
  NonRetriableError,
  StepFailedError,
  startRun,
} from '../../server/engine/index.ts';
import { checkpointsOf, pool, quickRetry, testWorker, waitForRun } from './support.ts';

const ZNone = z.object({}).passthrough();

describe('step.run', () => {
  it('memoizes finished steps: a retry re-executes the workflow but not the steps that succeeded', async () => {
    const calls = { lookup: 0, flaky: 0, total: 0 };
    const registry = createWorkflowRegistry([
      defineWorkflow({
        id: 'memo',
        version: 1,
        title: 'Memo',
        description: 'three steps, the second fails once',
        input: z.object({ n: z.number() }),
        retry: quickRetry,
        async run({ input, step }) {
          const a = await step.run('lookup', () => {
            calls.lookup += 1;
            return { value: input.n * 2 };
          });
          const b = await step.run('flaky', ({ attempt }) => {
            calls.flaky += 1;
            if (attempt === 1) throw new Error('ERP timed out');
            return a.value + 1;
          });
          const c = await step.run('total', () => {
            calls.total += 1;
            return { total: b * 10 };
          });
          return c;
        },
      }),
    ]);
    testWorker(registry);
    const { runId } = await startRun(pool, registry, { workflowId: 'memo', input: { n: 4 } });
    const run = await waitForRun(runId, ['succeeded']);

    expect(run.output).toEqual({ total: 90 });
    expect(calls).toEqual({ lookup: 1, flaky: 2, total: 1 });
    const steps = await checkpointsOf(runId);
    expect(steps.lookup?.output).toEqual({ value: 8 });
    expect(steps.flaky?.attempt_count).toBe(2);
    expect(steps.flaky?.attempts.map((a) => a.errorClass)).toEqual(['Error', null]);
    expect(steps.flaky?.attempts[0]?.message).toBe('ERP timed out');
  });

  it('records each attempt and waits out an exponential backoff durably between them', async () => {
    const registry = createWorkflowRegistry([
      defineWorkflow({
        id: 'backoff',
        version: 1,
        title: 'Backoff',
        description: 'fails twice',
        input: ZNone,
        async run({ step }) {
          return step.run(
            'call',
            ({ attempt }) => {
              if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
              return 'ok';
            },
            {
              retry: {
                maxAttempts: 3,
                initialDelayMs: 200,
                factor: 2,
                jitter: 0,
                maxDelayMs: 10_000,
              },
            },
          );
        },
      }),
    ]);
    testWorker(registry);
    const { runId } = await startRun(pool, registry, { workflowId: 'backoff', input: {} });
    await waitForRun(runId, ['succeeded']);
    const attempts = (await checkpointsOf(runId)).call?.attempts ?? [];
    expect(attempts.map((a) => a.retryInMs ?? null)).toEqual([200, 400, null]);
    const started = attempts.map((a) => Date.parse(a.startedAt));
    const finished = attempts.map((a) => Date.parse(a.finishedAt ?? ''));
    expect((started[1] ?? 0) - (finished[0] ?? 0)).toBeGreaterThanOrEqual(200);
    expect((started[2] ?? 0) - (finished[1] ?? 0)).toBeGreaterThanOrEqual(400);
  });

  it('gives the step an idempotency key from run and step id, the same on every attempt', async () => {
    const seen: string[] = [];
    const registry = createWorkflowRegistry([
      defineWorkflow({
        id: 'keys',
        version: 1,
        title: 'Keys',
        description: 'records its key',
        input: ZNone,
        retry: quickRetry,
        async run({ step }) {
          await step.run('write', ({ idempotencyKey, attempt }) => {
            seen.push(idempotencyKey);
            if (attempt < 3) throw new Error('downstream 503');
          });
        },
      }),
    ]);
    testWorker(registry);
    const { runId } = await startRun(pool, registry, { workflowId: 'keys', input: {} });
    await waitForRun(runId, ['succeeded']);
    expect(seen).toEqual([`${runId}:write`, `${runId}:write`, `${runId}:write`]);
    expect((await checkpointsOf(runId)).write?.idempotency_key).toBe(`${runId}:write`);
  });

  it('never retries a non-retriable error, and dead-letters the run with what operations need', async () => {
    let calls = 0;
    const registry = createWorkflowRegistry([
      defineWorkflow({
        id: 'permanent',
        version: 1,
        title: 'Permanent',
        description: 'refused',
        input: z.object({ invoice: z.string() }),
        retry: quickRetry,
        async run({ step }) {
          await step.run('ok', () => 1);
          await step.run('submit', () => {
            calls += 1;
            throw new NonRetriableError('Vendor V-17 is blocked');
          });
        },
      }),
    ]);
    testWorker(registry);
    const { runId } = await startRun(pool, registry, {
      workflowId: 'permanent',
      input: { invoice: 'INV-9' },
    });
    const run = await waitForRun(runId, ['dead']);
    expect(calls).toBe(1);
    expect(run.error).toMatchObject({ stepId: 'submit', errorClass: 'NonRetriableError' });
    const { rows } = await pool.query('SELECT * FROM dead_letters WHERE run_id = $1', [runId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      step_id: 'submit',
      error_class: 'NonRetriableError',
      attempts: 1,
      input: { invoice: 'INV-9' },
      resolved_at: null,
    });
    expect(rows[0].message).toBe('Vendor V-17 is blocked');
    expect(rows[0].stack).toContain('NonRetriableError');
    expect(rows[0].group_key).toMatch(/^permanent:submit:NonRetriableError:[0-9a-f]{16}$/);
  });

  it('treats error classes the policy names as permanent', async () => {
    class ValidationFailed extends Error {
      override name = 'ValidationFailed';
    }
    let calls = 0;
    const registry = createWorkflowRegistry([
      defineWorkflow({
        id: 'named',
        version: 1,
        title: 'Named',
        description: 'named permanent class',
        input: ZNone,
        async run({ step }) {
          await step.run(
            'check',
            () => {
              calls += 1;
              throw new ValidationFailed('amount is negative');
            },
            { retry: { ...quickRetry, maxAttempts: 5, nonRetriable: ['ValidationFailed'] } },
          );
        },
      }),
    ]);
    testWorker(registry);
    const { runId } = await startRun(pool, registry, { workflowId: 'named', input: {} });
    expect((await waitForRun(runId, ['dead'])).error).toMatchObject({
      errorClass: 'ValidationFailed',
    });
    expect(calls).toBe(1);
  });

  it('dead-letters after the last attempt with the attempt count', async () => {
    const registry = createWorkflowRegistry([
      defineWorkflow({
        id: 'exhaust',
        version: 1,
        title: 'Exhaust',
        description: 'always fails',
        input: ZNone,
        async run({ step }) {
          await step.run(
            'call',
            () => {
              throw new TypeError('ECONNRESET from CRM');
            },
            { retry: { ...quickRetry, maxAttempts: 4 } },
          );
        },
      }),
    ]);
    testWorker(registry);
    const { runId } = await startRun(pool, registry, { workflowId: 'exhaust', input: {} });
    await waitForRun(runId, ['dead']);
    const { rows } = await pool.query(
      'SELECT attempts, error_class FROM dead_letters WHERE run_id = $1',
      [runId],
    );
    expect(rows[0]).toEqual({ attempts: 4, error_class: 'TypeError' });
    expect((await checkpointsOf(runId)).call).toMatchObject({ status: 'failed', attempt_count: 4 });
  });

  it('runs the declared fallback when the step fails for good, as a step of its own', async () => {
    const registry = createWorkflowRegistry([
      defineWorkflow({
        id: 'fallback',
        version: 1,
        title: 'Fallback',
        description: 'primary fails',
        input: ZNone,
        async run({ step }) {
          return step.run(
            'enrich',
            () => {
              throw new Error('directory down');
            },
            {
              retry: { ...quickRetry, maxAttempts: 2 },
              fallback: ({ error }) => ({ source: 'cache', because: error.errorClass }),
            },
          );
        },
      }),
    ]);
    testWorker(registry);
    const { runId } = await startRun(pool, registry, { workflowId: 'fallback', input: {} });
    const run = await waitForRun(runId, ['succeeded']);
    expect(run.output).toEqual({ source: 'cache', because: 'Error' });
    const steps = await checkpointsOf(runId);
    expect(steps.enrich).toMatchObject({ status: 'failed', attempt_count: 2 });
    expect(steps['enrich.fallback']).toMatchObject({
      status: 'succeeded',
      output: { source: 'cache', because: 'Error' },
    });
  });

  it('lets workflow code catch a step that failed for good and take another path, every time', async () => {
    let primary = 0;
    const registry = createWorkflowRegistry([
      defineWorkflow({
        id: 'catch',
        version: 1,
        title: 'Catch',
        description: 'catches',
        input: ZNone,
        retry: quickRetry,
        async run({ step }) {
          let route: string;
          try {
            await step.run('auto-approve', () => {
              primary += 1;
              throw new NonRetriableError('over the limit');
            });
            route = 'auto';
          } catch (error) {
            if (!(error instanceof StepFailedError)) throw error;
            route = 'manual';
          }
          // A later failure re-executes the function; the caught step must fail the same way again.
          await step.run('after', ({ attempt }) => {
            if (attempt === 1) throw new Error('blip');
          });
          return route;
        },
      }),
    ]);
    testWorker(registry);
    const { runId } = await startRun(pool, registry, { workflowId: 'catch', input: {} });
    expect((await waitForRun(runId, ['succeeded'])).output).toBe('manual');
    expect(primary).toBe(1);
  });

  it('refuses a step id used twice in a run, saying why', async () => {
    const registry = createWorkflowRegistry([
      defineWorkflow({
        id: 'dupe',
        version: 1,
        title: 'Dupe',
        description: 'same id',
        input: ZNone,
        async run({ step }) {
          await step.run('fetch', () => 1);
          await step.run('fetch', () => 2);
        },
      }),
    ]);
    testWorker(registry);
    const { runId } = await startRun(pool, registry, { workflowId: 'dupe', input: {} });
    const run = await waitForRun(runId, ['dead']);
    expect(run.error).toMatchObject({ errorClass: 'DuplicateStepIdError' });
    expect(JSON.stringify(run.error)).toContain('Step id \\"fetch\\" is used twice in this run');
  });
});
