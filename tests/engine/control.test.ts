import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../server/app-error.ts';
import {
  cancelRun,
  createWorkflowRegistry,
  defineWorkflow,
  startRun,
} from '../../server/engine/index.ts';
import { checkpointsOf, pool, testWorker, waitForRun } from './support.ts';

const gate = { release: () => {} };
const observed = { active: 0, maxActive: 0, afterCancel: 0 };

const registry = createWorkflowRegistry([
  defineWorkflow({
    id: 'long',
    version: 1,
    title: 'Long',
    description: 'a step that waits for the test',
    input: z.object({}),
    async run({ step }) {
      await step.run(
        'slow',
        () =>
          new Promise<void>((resolve) => {
            gate.release = resolve;
          }),
      );
      await step.run('after', () => {
        observed.afterCancel += 1;
      });
    },
  }),
  defineWorkflow({
    id: 'limited',
    version: 1,
    title: 'Limited',
    description: 'at most two at once',
    concurrency: 2,
    input: z.object({ n: z.number() }),
    async run({ input, step }) {
      return step.run('work', async () => {
        observed.active += 1;
        observed.maxActive = Math.max(observed.maxActive, observed.active);
        await new Promise((resolve) => setTimeout(resolve, 150));
        observed.active -= 1;
        return input.n;
      });
    },
  }),
  defineWorkflow({
    id: 'charge',
    version: 1,
    title: 'Charge',
    description: 'a payment that must not be sent twice',
    input: z.object({ amount: z.number().positive() }),
    async run({ input, step }) {
      return step.run('charge-card', () => ({ charged: input.amount }), { idempotent: false });
    },
  }),
]);

describe('cancel', () => {
  it('stops a waiting run, and a running one at its next checkpoint', async () => {
    testWorker(registry);
    const { runId } = await startRun(pool, registry, { workflowId: 'long', input: {} });
    await waitForRun(runId, ['running']);
    await new Promise((resolve) => setTimeout(resolve, 100)); // inside the slow step
    await cancelRun(pool, { runId, reason: 'requester withdrew' });
    gate.release();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const run = await waitForRun(runId, ['cancelled']);
    expect(run.error).toEqual({ errorClass: 'Cancelled', message: 'requester withdrew' });
    expect(observed.afterCancel).toBe(0);
    expect(await checkpointsOf(runId)).toEqual({}); // the slow step's late result was refused
    await expect(cancelRun(pool, { runId })).rejects.toMatchObject({ code: 'CONFLICT' });
    const { rows } = await pool.query(
      'SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY id',
      [runId],
    );
    expect(rows.map((row) => row.action)).toEqual(['run.started', 'run.cancelled']);
  });
});

describe('concurrency limits', () => {
  it('never run more of a workflow at once than it allows, across workers', async () => {
    testWorker(registry, { concurrency: 4 });
    testWorker(registry, { concurrency: 4 });
    const runIds: string[] = [];
    for (let n = 0; n < 8; n += 1) {
      runIds.push((await startRun(pool, registry, { workflowId: 'limited', input: { n } })).runId);
    }
    for (const runId of runIds) await waitForRun(runId, ['succeeded']);
    expect(observed.maxActive).toBe(2);
  });
});

describe('a step whose outcome is unknown', () => {
  it('sends the run to needs_reconciliation instead of running a non-idempotent step again', async () => {
    const { runId } = await startRun(pool, registry, {
      workflowId: 'charge',
      input: { amount: 40 },
    });
    // As a worker that died mid-step leaves it: the attempt started, its end never recorded.
    await pool.query(
      `INSERT INTO step_checkpoints (run_id, step_id, kind, status, attempt_count, idempotency_key)
       VALUES ($1::uuid, 'charge-card', 'tool', 'running', 1, $1::text || ':charge-card')`,
      [runId],
    );
    testWorker(registry);
    await waitForRun(runId, ['needs_reconciliation']);
    const step = (await checkpointsOf(runId))['charge-card'];
    expect(step).toMatchObject({ status: 'running', attempt_count: 1, output: null });
    expect(step?.error).toMatchObject({ errorClass: 'OutcomeUnknown' });
  });

  it('runs a non-idempotent step normally when nothing went wrong', async () => {
    testWorker(registry);
    const { runId } = await startRun(pool, registry, {
      workflowId: 'charge',
      input: { amount: 12 },
    });
    expect((await waitForRun(runId, ['succeeded'])).output).toEqual({ charged: 12 });
  });
});

describe('input', () => {
  it('is validated when a run starts: a bad one is refused with the field named and nothing is written', async () => {
    const error = await startRun(pool, registry, {
      workflowId: 'charge',
      input: { amount: -5 },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_INPUT');
    expect((error as AppError).message).toMatch(/amount: Too small/);
    const { rows } = await pool.query(
      "SELECT count(*)::int AS n FROM runs WHERE input->>'amount' = '-5'",
    );
    expect(rows[0].n).toBe(0);
    await expect(startRun(pool, registry, { workflowId: 'nope', input: {} })).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
      },
    );
  });

  it('that went bad in the database dead-letters the run at $input, ready for a corrected replay', async () => {
    const { rows } = await pool.query(
      `INSERT INTO runs (workflow_id, workflow_version, input) VALUES ('charge', 1, '{"amount":"lots"}') RETURNING id`,
    );
    testWorker(registry);
    const run = await waitForRun(rows[0].id, ['dead']);
    expect(run.error).toMatchObject({ stepId: '$input', errorClass: 'InputValidationError' });
  });
});

describe('a worker shutting down', () => {
  it('finishes the step in hand, lets go of the run, and another worker carries on at once', async () => {
    const shutdownRegistry = createWorkflowRegistry([
      defineWorkflow({
        id: 'two-steps',
        version: 1,
        title: 'Two steps',
        description: 'the first waits for the test',
        input: z.object({}),
        async run({ step }) {
          const first = await step.run(
            'first',
            () =>
              new Promise<string>((resolve) => {
                gate.release = () => resolve('done');
              }),
          );
          return step.run('second', () => `${first} then second`);
        },
      }),
    ]);
    const leaving = testWorker(shutdownRegistry, { leaseMs: 60_000 });
    const { runId } = await startRun(pool, shutdownRegistry, {
      workflowId: 'two-steps',
      input: {},
    });
    await waitForRun(runId, ['running']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = leaving.stop();
    gate.release();
    await stopping;
    const { rows } = await pool.query('SELECT status, lease_token FROM runs WHERE id = $1', [
      runId,
    ]);
    expect(rows[0]).toEqual({ status: 'queued', lease_token: null });
    expect((await checkpointsOf(runId)).first?.status).toBe('succeeded');
    testWorker(shutdownRegistry);
    // Well within the 60 s lease: the run was released, not abandoned.
    expect((await waitForRun(runId, ['succeeded'], 5_000)).output).toBe('done then second');
  });
});
