import { serve } from 'inngest/next';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildInngestFunctions } from '../../inngest/adapter.ts';
import { createInngestClient } from '../../inngest/client.ts';
import type { TInngestEventPayload } from '../../inngest/events.ts';
import { createWorkflowRegistry, defineWorkflow, startRun } from '../../server/engine/index.ts';
import type { TEngineKind } from '../../server/engine/runs.ts';
import { requestCancel } from '../../server/runs/request-cancel.ts';
import { pool } from '../engine/support.ts';
import { query, testDatabaseUrl } from '../support/database.ts';
import { fakeInngestServer, quietLogger, serveOverHttp } from './support.ts';

const registry = createWorkflowRegistry([
  defineWorkflow({
    id: 'await-signature',
    version: 1,
    title: 'Await signature',
    description: 'sleeps, then waits for a signature',
    input: z.object({ contract: z.string() }),
    async run({ step }) {
      await step.sleep('grace', '1h');
      return step.waitForEvent('signature', { event: 'contract.signed', timeout: '7d' });
    },
  }),
  defineWorkflow({
    id: 'ping',
    version: 1,
    title: 'Ping',
    description: 'one step',
    input: z.object({}),
    async run({ step }) {
      return step.run('ping', () => 'pong');
    },
  }),
]);

const CANCEL_ON = { event: 'steward/run.cancelled', if: 'async.data.runId == event.data.runId' };

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

async function queuedRun(engine: TEngineKind): Promise<string> {
  const { runId } = await startRun(pool, registry, {
    workflowId: 'await-signature',
    input: { contract: 'C-1' },
    engine,
  });
  return runId;
}

async function runRow(runId: string) {
  const [row] = await query(testDatabaseUrl, 'SELECT status, error FROM runs WHERE id = $1', [
    runId,
  ]);
  return row;
}

describe('the cancelOn of the adapter functions', () => {
  it('is on every function the adapter builds', () => {
    const client = createInngestClient({ isDev: true, logger: quietLogger });
    const functions = buildInngestFunctions(client, registry, { db: () => pool });
    expect(functions).toHaveLength(2);
    for (const fn of functions) {
      expect(fn.opts.cancelOn).toEqual([
        expect.objectContaining({ event: expect.objectContaining({ name: CANCEL_ON.event }) }),
      ]);
      expect(fn.opts.cancelOn?.[0]?.if).toBe(CANCEL_ON.if);
    }
  });

  it('reaches Inngest on sync: each run function cancels on its run id, failure handlers do not', async () => {
    const inngestServer = await fakeInngestServer();
    const client = createInngestClient({
      isDev: true,
      baseUrl: inngestServer.url,
      logger: quietLogger,
    });
    const functions = buildInngestFunctions(client, registry, { db: () => pool });
    const endpoint = await serveOverHttp(serve({ client, functions }));
    expect((await fetch(endpoint, { method: 'PUT' })).status).toBe(200);

    const sync = z
      .object({
        functions: z.array(z.object({ id: z.string(), cancel: z.unknown().optional() })),
      })
      .parse(inngestServer.registrations[0]);
    const cancels = Object.fromEntries(sync.functions.map((fn) => [fn.id, fn.cancel]));
    expect(cancels).toEqual({
      'steward-await-signature': [CANCEL_ON],
      'steward-await-signature-failure': undefined,
      'steward-ping': [CANCEL_ON],
      'steward-ping-failure': undefined,
    });
  });
});

describe('requestCancel', () => {
  it('cancels an Inngest run in our tables and sends exactly one run.cancelled with its id', async () => {
    const runId = await queuedRun('inngest');
    const inngest = recordingSender();
    const result = await requestCancel(pool, { runId, reason: 'contract withdrawn' }, inngest);

    expect(result).toEqual({ runId, engine: 'inngest', inngest: { status: 'sent' } });
    expect(inngest.sent).toEqual([
      { id: `run.cancelled:${runId}`, name: 'steward/run.cancelled', data: { runId } },
    ]);
    expect(await runRow(runId)).toEqual({
      status: 'cancelled',
      error: { errorClass: 'Cancelled', message: 'contract withdrawn' },
    });
  });

  it('sends nothing for an embedded run', async () => {
    const runId = await queuedRun('embedded');
    const inngest = recordingSender();
    const result = await requestCancel(pool, { runId }, inngest);

    expect(result).toEqual({ runId, engine: 'embedded', inngest: { status: 'not_needed' } });
    expect(inngest.sent).toEqual([]);
    expect(await runRow(runId)).toMatchObject({ status: 'cancelled' });
  });

  it('keeps the run cancelled and reports the failure when Inngest cannot be told', async () => {
    const runId = await queuedRun('inngest');
    const result = await requestCancel(
      pool,
      { runId },
      {
        sendInngestEvent: async () => {
          throw new Error('401 Event key not found');
        },
      },
    );

    expect(result).toEqual({
      runId,
      engine: 'inngest',
      inngest: { status: 'failed', message: '401 Event key not found' },
    });
    expect(await runRow(runId)).toMatchObject({ status: 'cancelled' });
  });

  it('sends nothing when the run cannot be cancelled', async () => {
    const runId = await queuedRun('inngest');
    const inngest = recordingSender();
    await requestCancel(pool, { runId }, inngest);
    await expect(requestCancel(pool, { runId }, inngest)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      requestCancel(pool, { runId: '00000000-0000-4000-8000-000000000000' }, inngest),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(inngest.sent).toHaveLength(1);
  });
});
