import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TInngestEventPayload } from '../../inngest/events.ts';
import { AppError } from '../../server/app-error.ts';
import { createWorkflowRegistry, defineWorkflow } from '../../server/engine/index.ts';
import { requestReplay, requestRun } from '../../server/runs/request-run.ts';
import { sendEngineEvent } from '../../server/runs/send-engine-event.ts';
import { checkpointsOf, pool, testWorker, waitForRun } from '../engine/support.ts';
import { query, testDatabaseUrl } from '../support/database.ts';

const calls: string[] = [];
const registry = createWorkflowRegistry([
  defineWorkflow({
    id: 'notify-owner',
    version: 1,
    title: 'Notify owner',
    description: 'one step that counts who ran it',
    input: z.object({ owner: z.string() }),
    async run({ input, run, step }) {
      await step.run('notify', () => {
        calls.push(run.id);
        return { notified: input.owner };
      });
    },
  }),
]);

/** A stand-in for the Inngest client's send: records what would have gone out. */
function recordingSender() {
  const sent: TInngestEventPayload[] = [];
  return {
    sent,
    sendInngestEvent: async (event: TInngestEventPayload) => {
      sent.push(event);
    },
  };
}

async function runRow(runId: string) {
  const [row] = await query(
    testDatabaseUrl,
    'SELECT engine, status, error, replay_of_id FROM runs WHERE id = $1',
    [runId],
  );
  return row;
}

describe('requestRun', () => {
  it('on Inngest: writes the run with engine inngest, sends one run.requested, and embedded workers leave it alone', async () => {
    testWorker(registry);
    const inngest = recordingSender();
    const { runId } = await requestRun(
      pool,
      registry,
      { workflowId: 'notify-owner', input: { owner: 'ops' } },
      { engine: 'inngest', ...inngest },
    );
    expect(inngest.sent).toEqual([
      {
        id: `run.requested:${runId}`,
        name: 'steward/run.requested',
        data: { runId, workflowId: 'notify-owner' },
      },
    ]);

    // An embedded run of the same workflow, requested after it, is claimed and finishes...
    const embedded = recordingSender();
    const other = await requestRun(
      pool,
      registry,
      { workflowId: 'notify-owner', input: { owner: 'ops' } },
      { engine: 'embedded', ...embedded },
    );
    await waitForRun(other.runId, ['succeeded']);
    expect(embedded.sent).toEqual([]);
    // ...while the Inngest run was never touched by the worker.
    expect(await runRow(runId)).toEqual({
      engine: 'inngest',
      status: 'queued',
      error: null,
      replay_of_id: null,
    });
    expect(await checkpointsOf(runId)).toEqual({});
    expect(calls).not.toContain(runId);
    expect(calls).toContain(other.runId);
  });

  it('rejects bad input with BAD_INPUT before writing or sending anything', async () => {
    const inngest = recordingSender();
    const before = await query(testDatabaseUrl, 'SELECT count(*)::int AS n FROM runs');
    const request = requestRun(
      pool,
      registry,
      { workflowId: 'notify-owner', input: { owner: 42 } },
      { engine: 'inngest', ...inngest },
    );
    await expect(request).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await query(testDatabaseUrl, 'SELECT count(*)::int AS n FROM runs')).toEqual(before);
    expect(inngest.sent).toEqual([]);
  });

  it('marks the run failed, with the reason, when Inngest does not accept it', async () => {
    let runId = '';
    const request = requestRun(
      pool,
      registry,
      { workflowId: 'notify-owner', input: { owner: 'ops' } },
      {
        engine: 'inngest',
        sendInngestEvent: async (event) => {
          runId = String(event.data.runId);
          throw new Error('401 Event key not found');
        },
      },
    );
    await expect(request).rejects.toBeInstanceOf(AppError);
    await expect(request).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await runRow(runId)).toEqual({
      engine: 'inngest',
      status: 'failed',
      error: {
        errorClass: 'DispatchFailed',
        message: 'Inngest did not accept the run: 401 Event key not found',
      },
      replay_of_id: null,
    });
  });
});

describe('requestReplay', () => {
  it('hands a replayed Inngest run to Inngest again, under a new dispatch id', async () => {
    const inngest = recordingSender();
    const { runId } = await requestRun(
      pool,
      registry,
      { workflowId: 'notify-owner', input: { owner: 'ops' } },
      { engine: 'inngest', ...inngest },
    );
    // As the failure handler leaves a run that died on Inngest.
    await query(testDatabaseUrl, "UPDATE runs SET status = 'dead' WHERE id = $1", [runId]);
    await query(
      testDatabaseUrl,
      `INSERT INTO dead_letters (run_id, step_id, error_class, message, attempts, input, group_key)
       VALUES ($1, 'notify', 'Error', 'mail server down', 3, '{}', 'g')`,
      [runId],
    );

    const replayed = await requestReplay(
      pool,
      registry,
      { runId, mode: 'from_failed_step' },
      inngest,
    );
    expect(replayed).toEqual({ runId, originRunId: runId, mode: 'from_failed_step' });
    expect((await runRow(runId))?.status).toBe('queued');
    expect(inngest.sent.map((event) => event.data)).toEqual([
      { runId, workflowId: 'notify-owner' },
      { runId, workflowId: 'notify-owner' },
    ]);
    const [first, second] = inngest.sent.map((event) => event.id);
    expect(second).toMatch(new RegExp(`^run\\.requested:${runId}:[0-9a-f-]{36}$`));
    expect(second).not.toBe(first);

    // It dies again (a new dead letter), and is replayed from the start.
    await query(testDatabaseUrl, "UPDATE runs SET status = 'dead' WHERE id = $1", [runId]);
    await query(
      testDatabaseUrl,
      `INSERT INTO dead_letters (run_id, step_id, error_class, message, attempts, input, group_key)
       VALUES ($1, 'notify', 'Error', 'mail server still down', 3, '{}', 'g')`,
      [runId],
    );
    const fromStart = await requestReplay(pool, registry, { runId, mode: 'from_start' }, inngest);
    expect(await runRow(fromStart.runId)).toMatchObject({ engine: 'inngest', replay_of_id: runId });
    expect(inngest.sent.at(-1)?.data).toEqual({
      runId: fromStart.runId,
      workflowId: 'notify-owner',
    });
  });
});

describe('sendEngineEvent', () => {
  it('records the event and, on Inngest, forwards it under its events row id and a prefixed name', async () => {
    const inngest = recordingSender();
    const sent = await sendEngineEvent(
      pool,
      { name: 'review.decided', data: { reviewItemId: 'ri-1', decision: 'approved' } },
      { engine: 'inngest', ...inngest },
    );
    expect(inngest.sent).toEqual([
      {
        id: sent.eventId,
        name: 'steward/event.review.decided',
        data: { reviewItemId: 'ri-1', decision: 'approved' },
      },
    ]);
    const [row] = await query(testDatabaseUrl, 'SELECT name, data FROM events WHERE id = $1', [
      sent.eventId,
    ]);
    expect(row).toEqual({
      name: 'review.decided',
      data: { reviewItemId: 'ri-1', decision: 'approved' },
    });
  });

  it('sends nothing to Inngest on the embedded engine', async () => {
    const inngest = recordingSender();
    await sendEngineEvent(
      pool,
      { name: 'review.decided', data: {} },
      { engine: 'embedded', ...inngest },
    );
    expect(inngest.sent).toEqual([]);
  });
});
