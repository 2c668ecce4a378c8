import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TInngestEventPayload } from '../../inngest/events.ts';
import { createWorkflowRegistry, defineWorkflow, startRun } from '../../server/engine/index.ts';
import type { TEngineKind } from '../../server/engine/runs.ts';
import { requestReplayMany } from '../../server/runs/request-run.ts';
import { pool } from '../engine/support.ts';
import { query, testDatabaseUrl } from '../support/database.ts';

const registry = createWorkflowRegistry([
  defineWorkflow({
    id: 'post-invoice',
    version: 1,
    title: 'Post invoice',
    description: 'one step that posts an invoice',
    input: z.object({ invoice: z.string() }),
    async run({ input, step }) {
      return step.run('post', () => ({ posted: input.invoice }));
    },
  }),
]);

const UNKNOWN_RUN = '00000000-0000-4000-8000-000000000000';

/** A run that died in its `post` step, as either engine leaves it: dead, with a dead letter. */
async function deadRun(engine: TEngineKind, invoice: string): Promise<string> {
  const { runId } = await startRun(pool, registry, {
    workflowId: 'post-invoice',
    input: { invoice },
    engine,
  });
  await query(testDatabaseUrl, "UPDATE runs SET status = 'dead' WHERE id = $1", [runId]);
  await query(
    testDatabaseUrl,
    `INSERT INTO dead_letters (run_id, step_id, error_class, message, attempts, input, group_key)
     VALUES ($1, 'post', 'Error', 'ledger offline', 3, '{}', 'g')`,
    [runId],
  );
  return runId;
}

/** Records what would have gone out; a send for a run of `failFor` fails. */
function recordingSender(failFor: string[] = []) {
  const sent: TInngestEventPayload[] = [];
  return {
    sent,
    sendInngestEvent: async (event: TInngestEventPayload) => {
      if (failFor.includes(String(event.data.runId))) throw new Error('503 Service Unavailable');
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

describe('requestReplayMany', () => {
  it('answers per run and hands exactly the replayed Inngest runs to Inngest, one event each', async () => {
    const embeddedA = await deadRun('embedded', 'I-1');
    const inngestA = await deadRun('inngest', 'I-2');
    const embeddedB = await deadRun('embedded', 'I-3');
    const inngestB = await deadRun('inngest', 'I-4');
    const inngest = recordingSender();

    const outcomes = await requestReplayMany(
      pool,
      registry,
      {
        runIds: [embeddedA, inngestA, UNKNOWN_RUN, embeddedB, inngestB],
        mode: 'from_failed_step',
      },
      inngest,
    );

    const replayed = (runId: string) => ({
      ok: true,
      runId,
      originRunId: runId,
      mode: 'from_failed_step',
    });
    expect(outcomes).toEqual([
      replayed(embeddedA),
      replayed(inngestA),
      {
        ok: false,
        originRunId: UNKNOWN_RUN,
        runId: null,
        code: 'NOT_FOUND',
        message: `There is no run ${UNKNOWN_RUN}.`,
      },
      replayed(embeddedB),
      replayed(inngestB),
    ]);
    expect(inngest.sent.map((event) => [event.name, event.data])).toEqual([
      ['steward/run.requested', { runId: inngestA, workflowId: 'post-invoice' }],
      ['steward/run.requested', { runId: inngestB, workflowId: 'post-invoice' }],
    ]);
    // Replays of the same run id need a dispatch id of their own, or Inngest drops them.
    for (const event of inngest.sent) {
      expect(event.id).toMatch(new RegExp(`^run\\.requested:${event.data.runId}:[0-9a-f-]{36}$`));
    }
    for (const runId of [embeddedA, inngestA, embeddedB, inngestB]) {
      expect((await runRow(runId))?.status).toBe('queued');
    }
  });

  it('sends for the new runs of a replay from the start, keeping each run on its own engine', async () => {
    const embedded = await deadRun('embedded', 'I-5');
    const inngestRun = await deadRun('inngest', 'I-6');
    const inngest = recordingSender();

    const outcomes = await requestReplayMany(
      pool,
      registry,
      { runIds: [embedded, inngestRun], mode: 'from_start' },
      inngest,
    );

    const [first, second] = z
      .array(z.object({ ok: z.literal(true), runId: z.string(), originRunId: z.string() }))
      .parse(outcomes);
    expect([first?.originRunId, second?.originRunId]).toEqual([embedded, inngestRun]);
    expect(await runRow(first?.runId ?? '')).toMatchObject({
      engine: 'embedded',
      status: 'queued',
      replay_of_id: embedded,
    });
    expect(await runRow(second?.runId ?? '')).toMatchObject({
      engine: 'inngest',
      status: 'queued',
      replay_of_id: inngestRun,
    });
    expect(inngest.sent.map((event) => event.data)).toEqual([
      { runId: second?.runId, workflowId: 'post-invoice' },
    ]);
  });

  it('reports a send that fails on its own run, marks that run failed, and still sends the others', async () => {
    const failing = await deadRun('inngest', 'I-7');
    const after = await deadRun('inngest', 'I-8');
    const embedded = await deadRun('embedded', 'I-9');
    const inngest = recordingSender([failing]);

    const outcomes = await requestReplayMany(
      pool,
      registry,
      { runIds: [failing, after, embedded], mode: 'from_failed_step' },
      inngest,
    );

    expect(outcomes).toEqual([
      {
        ok: false,
        originRunId: failing,
        runId: failing,
        code: 'INTERNAL',
        message: expect.stringContaining('Inngest did not accept it'),
      },
      { ok: true, runId: after, originRunId: after, mode: 'from_failed_step' },
      { ok: true, runId: embedded, originRunId: embedded, mode: 'from_failed_step' },
    ]);
    expect(inngest.sent.map((event) => event.data.runId)).toEqual([after]);
    expect(await runRow(failing)).toMatchObject({
      status: 'failed',
      error: {
        errorClass: 'DispatchFailed',
        message: 'Inngest did not accept the run: 503 Service Unavailable',
      },
    });
    expect((await runRow(after))?.status).toBe('queued');
  });

  it('sends nothing when no run could be replayed', async () => {
    const inngest = recordingSender();
    const outcomes = await requestReplayMany(
      pool,
      registry,
      { runIds: [UNKNOWN_RUN], mode: 'from_start' },
      inngest,
    );
    expect(outcomes).toMatchObject([{ ok: false, code: 'NOT_FOUND', runId: null }]);
    expect(inngest.sent).toEqual([]);
  });
});
