// A run on Inngest that waits for a person shows `needs_review` in our tables while Inngest holds
// the wait, and goes on with the event (or null at the timeout) like any wait. The function is
// called over HTTP as Inngest calls it, one request per step.
import { serve } from 'inngest/next';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildInngestFunctions } from '../../inngest/adapter.ts';
import { createInngestClient } from '../../inngest/client.ts';
import { toInngestEvent } from '../../inngest/events.ts';
import {
  createWorkflowRegistry,
  defineWorkflow,
  sendEvent,
  startRun,
} from '../../server/engine/index.ts';
import { pool } from '../engine/support.ts';
import {
  deliveredRunRequested,
  executeOverHttp,
  fakeInngestServer,
  quietLogger,
  serveOverHttp,
} from './support.ts';

const registry = createWorkflowRegistry([
  defineWorkflow({
    id: 'person-approval',
    version: 1,
    title: 'Approval by a person',
    description: 'waits for a reviewer, showing the run as needing review meanwhile',
    input: z.object({ reviewItemId: z.string() }),
    async run({ input, step, run }) {
      await step.run('propose', () => ({ proposed: true }));
      const decision = await step.waitForEvent<{ verdict: string }>('decision', {
        event: 'review.decided',
        match: { reviewItemId: input.reviewItemId },
        timeout: '1h',
        status: 'needs_review',
      });
      // What the run's row says while the request after the wait executes.
      const resumedAs = await step.run('resumed-as', async () => {
        const { rows } = await pool.query('SELECT status FROM runs WHERE id = $1', [run.id]);
        return z.object({ status: z.string() }).parse(rows[0]).status;
      });
      return {
        verdict: decision?.data.verdict ?? 'expired',
        eventId: decision?.id ?? null,
        resumedAs,
      };
    },
  }),
]);

async function inngestApp() {
  const inngest = await fakeInngestServer();
  const client = createInngestClient({ isDev: true, baseUrl: inngest.url, logger: quietLogger });
  const functions = buildInngestFunctions(client, registry, { db: () => pool });
  return serveOverHttp(serve({ client, functions }));
}

async function inngestRun(reviewItemId: string): Promise<string> {
  const { runId } = await startRun(pool, registry, {
    workflowId: 'person-approval',
    input: { reviewItemId },
    engine: 'inngest',
  });
  return runId;
}

/** The run's status, and its wait step's status and output. */
async function waitState(runId: string) {
  const { rows } = await pool.query(
    `SELECT r.status AS run, c.status AS step, c.output
     FROM runs r LEFT JOIN step_checkpoints c ON c.run_id = r.id AND c.step_id = 'decision'
     WHERE r.id = $1`,
    [runId],
  );
  return rows[0];
}

describe('waiting for a person on Inngest', () => {
  it('shows the run as needs_review while Inngest holds the wait, and resumes it with the matching event', async () => {
    const endpoint = await inngestApp();
    const runId = await inngestRun('ri-1');
    const seen: unknown[] = [];
    const execution = await executeOverHttp(endpoint, {
      fnId: 'steward-person-approval',
      event: deliveredRunRequested(runId, 'person-approval'),
      onWait: async () => {
        seen.push(await waitState(runId));
        // The decision is recorded in our tables (closing the waiting step there, while the run
        // stays with Inngest), then forwarded: Inngest delivers it to the wait.
        const other = await sendEvent(pool, {
          name: 'review.decided',
          data: { reviewItemId: 'ri-2', verdict: 'rejected' },
        });
        const sent = await sendEvent(pool, {
          name: 'review.decided',
          data: { reviewItemId: 'ri-1', verdict: 'approved' },
        });
        seen.push(other.wokenRunIds, sent.wokenRunIds, await waitState(runId));
        const event = toInngestEvent({
          id: sent.eventId,
          name: 'review.decided',
          data: { reviewItemId: 'ri-1', verdict: 'approved' },
        });
        return { ...event, ts: Date.now() };
      },
    });

    expect(execution.status).toBe(200);
    const [waiting, otherWoke, woke, afterEvent] = seen;
    expect(waiting).toEqual({ run: 'needs_review', step: 'waiting', output: null });
    expect(otherWoke).toEqual([]);
    expect(woke).toEqual([runId]);
    // Inngest runs are not queued for embedded workers: the run stays with Inngest.
    expect(afterEvent).toMatchObject({ run: 'needs_review', step: 'succeeded' });
    expect(execution.body).toEqual({
      verdict: 'approved',
      eventId: expect.any(String),
      resumedAs: 'running',
    });
    expect(await waitState(runId)).toMatchObject({
      run: 'succeeded',
      step: 'succeeded',
      output: { name: 'review.decided', data: { reviewItemId: 'ri-1', verdict: 'approved' } },
    });
  });

  it('returns null when the wait times out, like any wait', async () => {
    const endpoint = await inngestApp();
    const runId = await inngestRun('ri-3');
    const seen: unknown[] = [];
    const execution = await executeOverHttp(endpoint, {
      fnId: 'steward-person-approval',
      event: deliveredRunRequested(runId, 'person-approval'),
      onWait: async () => {
        seen.push(await waitState(runId));
        return null;
      },
    });

    expect(seen).toEqual([{ run: 'needs_review', step: 'waiting', output: null }]);
    expect(execution.status).toBe(200);
    expect(execution.body).toEqual({ verdict: 'expired', eventId: null, resumedAs: 'running' });
    expect(await waitState(runId)).toEqual({ run: 'succeeded', step: 'succeeded', output: null });
  });
});
