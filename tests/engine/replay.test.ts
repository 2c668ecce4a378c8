import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../server/app-error.ts';
import {
  createWorkflowRegistry,
  defineWorkflow,
  discardDeadLetter,
  NonRetriableError,
  replayMany,
  replayRun,
  startRun,
} from '../../server/engine/index.ts';
import { pool, quickRetry, testWorker, waitForRun } from './support.ts';

/** Whether the ERP "is down": the failing step reads this, so a test can fix the cause. */
const erp = { isDown: true };
const calls = { fetch: 0, post: 0 };

const registry = createWorkflowRegistry([
  defineWorkflow({
    id: 'post-invoice',
    version: 1,
    title: 'Post invoice',
    description: 'fetch, then post to the ERP',
    input: z.object({ invoice: z.string().regex(/^INV-\d+$/, 'expected INV-<number>') }),
    retry: { ...quickRetry, maxAttempts: 2 },
    async run({ input, step }) {
      const fetched = await step.run('fetch', () => {
        calls.fetch += 1;
        return { invoice: input.invoice, amount: 120 };
      });
      return step.run('post', () => {
        calls.post += 1;
        if (erp.isDown) throw new NonRetriableError(`ERP rejected ${fetched.invoice}`);
        return { posted: fetched.invoice };
      });
    },
  }),
]);

async function deadRun(invoice: string): Promise<string> {
  erp.isDown = true;
  const { runId } = await startRun(pool, registry, {
    workflowId: 'post-invoice',
    input: { invoice },
  });
  await waitForRun(runId, ['dead']);
  return runId;
}

async function deadLetterOf(runId: string) {
  const { rows } = await pool.query(
    'SELECT resolution, resolution_note, resolved_at FROM dead_letters WHERE run_id = $1',
    [runId],
  );
  return rows[0];
}

async function auditActions(subjectId: string): Promise<string[]> {
  const { rows } = await pool.query<{ action: string }>(
    'SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY id',
    [subjectId],
  );
  return rows.map((row) => row.action);
}

describe('replay', () => {
  it('from the failed step keeps the run and its finished steps and runs the failed step again', async () => {
    testWorker(registry);
    const runId = await deadRun('INV-1');
    const fetchesBefore = calls.fetch;
    erp.isDown = false;
    const result = await replayRun(pool, registry, { runId, mode: 'from_failed_step' });
    expect(result).toEqual({ runId, originRunId: runId, mode: 'from_failed_step' });
    const run = await waitForRun(runId, ['succeeded']);
    expect(run.output).toEqual({ posted: 'INV-1' });
    expect(calls.fetch).toBe(fetchesBefore); // memoized, not fetched again
    expect(await deadLetterOf(runId)).toMatchObject({ resolution: 'replayed' });
    expect(await auditActions(runId)).toEqual(['run.started', 'run.replayed']);
  });

  it('from the start makes a new run linked to the old one', async () => {
    testWorker(registry);
    const origin = await deadRun('INV-2');
    erp.isDown = false;
    const result = await replayRun(pool, registry, { runId: origin, mode: 'from_start' });
    expect(result.runId).not.toBe(origin);
    const run = await waitForRun(result.runId, ['succeeded']);
    expect(run).toMatchObject({
      replay_of_id: origin,
      replay_mode: 'from_start',
      input: { invoice: 'INV-2' },
    });
    expect((await waitForRun(origin, ['dead'])).status).toBe('dead');
    expect(await deadLetterOf(origin)).toMatchObject({ resolution: 'replayed' });
    expect((await deadLetterOf(origin)).resolution_note).toContain(result.runId);
    expect(await auditActions(origin)).toEqual(['run.started', 'run.replay_requested']);
  });

  it('with corrected input validates it first: a bad one changes nothing, a good one runs', async () => {
    testWorker(registry);
    const origin = await deadRun('INV-3');
    erp.isDown = false;
    const bad = await replayRun(pool, registry, {
      runId: origin,
      mode: 'with_input',
      input: { invoice: '3' },
    }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).code).toBe('BAD_INPUT');
    expect((bad as AppError).message).toContain('invoice: expected INV-<number>');
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM runs WHERE replay_of_id = $1',
      [origin],
    );
    expect(rows[0].n).toBe(0);
    expect(await deadLetterOf(origin)).toMatchObject({ resolution: null });

    const good = await replayRun(pool, registry, {
      runId: origin,
      mode: 'with_input',
      input: { invoice: 'INV-33' },
    });
    const run = await waitForRun(good.runId, ['succeeded']);
    expect(run).toMatchObject({
      replay_of_id: origin,
      replay_mode: 'with_input',
      output: { posted: 'INV-33' },
    });
  });

  it('refuses runs that are not replayable, with a code', async () => {
    testWorker(registry);
    erp.isDown = false;
    const { runId } = await startRun(pool, registry, {
      workflowId: 'post-invoice',
      input: { invoice: 'INV-4' },
    });
    await waitForRun(runId, ['succeeded']);
    await expect(replayRun(pool, registry, { runId, mode: 'from_start' })).rejects.toMatchObject({
      code: 'RUN_NOT_REPLAYABLE',
    });
    await expect(
      replayRun(pool, registry, {
        runId: '00000000-0000-0000-0000-000000000000',
        mode: 'from_start',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('in bulk answers per run, and one refusal does not stop the others', async () => {
    testWorker(registry);
    const deadA = await deadRun('INV-5');
    const deadB = await deadRun('INV-6');
    erp.isDown = false;
    const { runId: fine } = await startRun(pool, registry, {
      workflowId: 'post-invoice',
      input: { invoice: 'INV-7' },
    });
    await waitForRun(fine, ['succeeded']);

    const results = await replayMany(pool, registry, {
      runIds: [deadA, fine, deadB],
      mode: 'from_failed_step',
    });
    expect(results.map((r) => [r.originRunId, r.ok])).toEqual([
      [deadA, true],
      [fine, false],
      [deadB, true],
    ]);
    expect(results[1]).toMatchObject({ ok: false, code: 'RUN_NOT_REPLAYABLE' });
    await waitForRun(deadA, ['succeeded']);
    await waitForRun(deadB, ['succeeded']);
  });
});

describe('discarding a dead letter', () => {
  it('needs a reason, records it, and leaves the run dead', async () => {
    testWorker(registry);
    const runId = await deadRun('INV-8');
    await expect(discardDeadLetter(pool, { runId, reason: '  ' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    const { deadLetterId } = await discardDeadLetter(pool, { runId, reason: 'duplicate of INV-7' });
    expect(await deadLetterOf(runId)).toMatchObject({
      resolution: 'discarded',
      resolution_note: 'duplicate of INV-7',
    });
    expect(await auditActions(deadLetterId)).toEqual(['dead_letter.discarded']);
    await expect(discardDeadLetter(pool, { runId, reason: 'again' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await waitForRun(runId, ['dead'])).status).toBe('dead');
  });
});

describe('an id that cannot be a run id', () => {
  it('is NOT_FOUND for replay, discard and cancel, not a database error', async () => {
    const { cancelRun } = await import('../../server/engine/index.ts');
    await expect(
      replayRun(pool, registry, { runId: 'run-17', mode: 'from_start' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(discardDeadLetter(pool, { runId: 'run-17', reason: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(cancelRun(pool, { runId: 'run-17' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
