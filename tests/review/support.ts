// Helpers for review tests: people, a workflow that hands a decision to a person the way the
// gate does, runs of it on the embedded engine, and what the database holds about an item.
import { z } from 'zod';
import type { TInngestEventPayload } from '../../inngest/events.ts';
import { createWorkflowRegistry, defineWorkflow, startRun } from '../../server/engine/index.ts';
import type { TEngineKind } from '../../server/engine/runs.ts';
import type { JsonValue } from '../../server/engine/types.ts';
import { openReviewItem, REVIEW_DECIDED_EVENT } from '../../server/review/open-review-item.ts';
import type { TEngineDispatch } from '../../server/runs/request-run.ts';
import { pool, waitForRun } from '../engine/support.ts';

/** The writes the test workflow proposes: what an approval allows. */
export const PROPOSED_WRITES = [
  { tool: 'erp.approve-invoice', input: { invoiceId: 'INV-1001', amount: 1250 } },
];

/** Opens a review item in a step, then waits for its decision as `needs_review`. */
export const registry = createWorkflowRegistry([
  defineWorkflow({
    id: 'approve-payment',
    version: 1,
    title: 'Approve payment',
    description: 'asks a person to approve a payment',
    input: z.object({ invoiceId: z.string() }),
    async run({ step }) {
      const reviewItemId = await step.run(
        'gate',
        (context) =>
          openReviewItem(pool, {
            runId: context.runId,
            stepId: context.stepId,
            risk: 'high',
            reasons: [{ code: 'AMOUNT', message: 'Above the auto-approval limit', source: 'rule' }],
            proposedWrites: PROPOSED_WRITES,
          }),
        { kind: 'gate' },
      );
      const decision = await step.waitForEvent('gate.decision', {
        event: REVIEW_DECIDED_EVENT,
        match: { reviewItemId },
        timeout: '1h',
        status: 'needs_review',
      });
      return { reviewItemId, decision: decision?.data ?? null };
    },
  }),
]);

const ZIdSchema = z.object({ id: z.string() });

/** A user with this role; returns their id. */
export async function insertUser(name: string, role = 'reviewer'): Promise<string> {
  const { rows } = await pool.query(
    `INSERT INTO users (email, name, role) VALUES ($1, $2, $3::"Role") RETURNING id`,
    [`${name}.${crypto.randomUUID()}@example.com`, name, role],
  );
  return ZIdSchema.parse(rows[0]).id;
}

/** A run of the test workflow, requested by `requestedById`, on `engine` (not executed yet). */
export async function requestPayment(requestedById: string, engine: TEngineKind = 'embedded') {
  const { runId } = await startRun(pool, registry, {
    workflowId: 'approve-payment',
    input: { invoiceId: 'INV-1001' },
    requestedById,
    engine,
  });
  return runId;
}

/** Waits until the run waits for its reviewer; returns the id of the item it opened. */
export async function reviewItemOf(runId: string): Promise<string> {
  await waitForRun(runId, ['needs_review']);
  const { rows } = await pool.query('SELECT id FROM review_items WHERE run_id = $1', [runId]);
  return ZIdSchema.parse(rows[0]).id;
}

/** An item opened directly (no worker), for a run that never executes. */
export async function openItemDirectly(runId: string, stepId = 'gate'): Promise<string> {
  return openReviewItem(pool, {
    runId,
    stepId,
    risk: 'medium',
    reasons: [],
    proposedWrites: PROPOSED_WRITES,
  });
}

/** The review item's row, as the console reads it. */
export async function itemRow(reviewItemId: string) {
  const { rows } = await pool.query(
    `SELECT status, decided_by_id, decided_at IS NOT NULL AS is_decided, reason_code, note,
       time_on_item_ms, writes_hash
     FROM review_items WHERE id = $1`,
    [reviewItemId],
  );
  return rows[0];
}

/** The audit events about the item, oldest first. */
export async function auditOf(reviewItemId: string) {
  const { rows } = await pool.query(
    `SELECT actor_id, action, data FROM audit_events
     WHERE subject_type = 'review_item' AND subject_id = $1 ORDER BY id`,
    [reviewItemId],
  );
  return rows;
}

/** The `review.decided` events recorded for the item. */
export async function decidedEventsOf(reviewItemId: string) {
  const { rows } = await pool.query<{ id: string; data: { [key: string]: JsonValue } }>(
    `SELECT id, data FROM events WHERE name = $1 AND data @> $2::jsonb ORDER BY created_at`,
    [REVIEW_DECIDED_EVENT, JSON.stringify({ reviewItemId })],
  );
  return rows;
}

/** A dispatch that records what would have gone to Inngest, or fails like an unreachable one. */
export function recordingDispatch(options: { isDown?: boolean } = {}) {
  const sent: TInngestEventPayload[] = [];
  const dispatch: TEngineDispatch = {
    engine: 'embedded',
    sendInngestEvent: async (event) => {
      if (options.isDown) throw new Error('connect ECONNREFUSED 127.0.0.1:8288');
      sent.push(event);
    },
  };
  return { sent, dispatch };
}
