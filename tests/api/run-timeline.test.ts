// run.get on real runs (embedded engine, offline planner): an invoice over the automatic limit
// reviewed and approved shows its plan with the whys, the tool steps with attempts and
// idempotency keys, the validation, the reviewer's decision, the write and the audit trail; a
// dead run (a clean small invoice the ERP refuses to change, so it dies in tool:approve-invoice:
// tests/support/refused-invoices.ts) replayed from the start is linked both ways; a requester
// sees only their own runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../server/api/root.ts';
import type { TRole } from '../../server/auth/roles.ts';
import { createDb } from '../../server/db/client.ts';
import { replayRun } from '../../server/engine/index.ts';
import { testWorker, waitForRun } from '../engine/support.ts';
import { testDatabaseUrl } from '../support/database.ts';
import { refusedInvoice } from '../support/refused-invoices.ts';
import {
  decide,
  pendingItem,
  people,
  pool,
  registry,
  SETTLED,
  startAndSettle,
} from '../workflows/support.ts';

const db = createDb(testDatabaseUrl);
let operationsId = '';

beforeAll(async () => {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO users (email, name, role) VALUES ('olga.ops@example.com', 'Olga Operations', 'operations')
     RETURNING id`,
  );
  operationsId = rows[0]?.id ?? '';
});
afterAll(async () => {
  await db.$disconnect();
});

function callerAs(role: TRole, id: string) {
  return createCaller({
    db,
    headers: new Headers(),
    user: { id, email: `${id}@example.com`, name: role, role },
  });
}

/** A received invoice over the automatic approval limit, billing one of its vendor's POs exactly. */
async function largeInvoice() {
  const { rows } = await pool.query<{ vendorNumber: string; invoiceNumber: string }>(
    `WITH po AS (
       SELECT po.id, po.vendor_id, po.total, po.currency FROM erp.purchase_orders po
       JOIN erp.vendors v ON v.id = po.vendor_id
       WHERE v.status = 'active' AND po.status NOT IN ('cancelled', 'draft') AND po.currency = v.currency
         AND po.total > 5000
       ORDER BY po.po_number LIMIT 1)
     INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
     SELECT po.vendor_id, 'TL-2026-1', po.id, po.total, po.currency, current_date, current_date + 30, now() FROM po
     RETURNING (SELECT vendor_number FROM erp.vendors WHERE id = vendor_id) AS "vendorNumber", invoice_number AS "invoiceNumber"`,
  );
  const invoice = rows[0];
  if (!invoice) throw new Error('the seed has no open PO over 5000');
  return invoice;
}

let deadRuns = 0;

/**
 * An invoice-approval run of a clean small invoice the ERP refuses to change: its approval fails
 * for good and the run dies.
 */
async function deadRun() {
  deadRuns += 1;
  const invoice = await refusedInvoice(pool, deadRuns, `TL-DEAD-${deadRuns}`);
  return startAndSettle('invoice-approval', {
    vendorNumber: invoice.vendorNumber,
    invoiceNumber: invoice.invoiceNumber,
  });
}

describe('run.get', () => {
  it('shows a reviewed and approved run as one timeline', async () => {
    const run = await startAndSettle('invoice-approval', await largeInvoice());
    expect(run.status).toBe('needs_review');
    const item = await pendingItem(run.id);
    expect((await decide(run.id, item.id, 'approved')).status).toBe('succeeded');

    const timeline = await callerAs('operations', operationsId).run.get({ id: run.id });
    expect(timeline.run).toMatchObject({
      id: run.id,
      workflowId: 'invoice-approval',
      workflowTitle: 'Invoice approval',
      status: 'succeeded',
      isTerminal: true,
      requester: { id: people.requester, name: 'Rita Requester' },
      replayOf: null,
      replays: [],
    });
    expect(timeline.run.finishedAt).toBeInstanceOf(Date);

    // The plan, each step with why it is needed.
    if (timeline.plan?.status !== 'accepted') throw new Error('the run has no accepted plan');
    expect(timeline.plan.planner).toBe('offline');
    expect(timeline.plan.plan.steps.length).toBeGreaterThan(1);
    for (const step of timeline.plan.plan.steps) expect(step.why.length).toBeGreaterThan(0);

    // Every planned step ran as a tool checkpoint with its attempts and idempotency key.
    for (const planned of timeline.plan.plan.steps) {
      const step = timeline.steps.find((entry) => entry.stepId === `tool:${planned.id}`);
      expect(step, `tool:${planned.id}`).toMatchObject({
        kind: 'tool',
        toolName: planned.tool,
        status: 'succeeded',
        attemptCount: 1,
        idempotencyKey: `${run.id}:tool:${planned.id}`,
      });
      expect(step?.attempts).toHaveLength(1);
      expect(step?.attempts[0]?.durationMs).toBeGreaterThanOrEqual(0);
      expect(step?.attempts[0]?.errorClass).toBeNull();
    }
    // The workflow's own code resolves the subject first, then the plan is made.
    expect(timeline.steps.slice(0, 2)).toMatchObject([
      { stepId: 'subject', kind: 'plan' },
      { stepId: 'plan', kind: 'plan' },
    ]);
    expect(timeline.steps.map((step) => step.kind)).toEqual(
      expect.arrayContaining(['plan', 'tool', 'gate']),
    );

    // The model call of the offline planner is the accepted one.
    expect(timeline.modelCalls).toEqual([
      expect.objectContaining({ provider: 'offline', isAccepted: true, error: null }),
    ]);

    // Validation, rule by rule.
    expect(timeline.validation.map((result) => [result.rule, result.passed])).toEqual(
      expect.arrayContaining([
        ['vendor-active', true],
        ['po-matched', true],
        ['no-duplicate', true],
      ]),
    );

    // The review decision with the reviewer's name.
    expect(timeline.reviewItems).toEqual([
      expect.objectContaining({
        id: item.id,
        status: 'approved',
        decidedBy: { id: people.reviewer, name: 'Rob Reviewer' },
        timeOnItemMs: 1200,
        reasons: [expect.objectContaining({ code: 'policy' })],
      }),
    ]);
    expect(timeline.reviewItems[0]?.proposedWrites).toHaveLength(1);

    // The write, its output and key.
    expect(timeline.writes).toEqual([
      expect.objectContaining({
        tool: 'erp.approve-invoice',
        status: 'succeeded',
        idempotencyKey: expect.stringMatching(new RegExp(`^${run.id}:tool:`)),
        compensatedBy: null,
      }),
    ]);
    expect(timeline.writes[0]?.output).toMatchObject({
      previousStatus: 'received',
      invoice: { invoiceNumber: 'TL-2026-1', status: 'approved' },
    });
    expect(timeline.compensations).toEqual([]);

    // The audit trail of the run and of its review item.
    expect(timeline.audit.map((event) => [event.action, event.actor?.name ?? null])).toEqual([
      ['run.started', 'Rita Requester'],
      ['review.decided', 'Rob Reviewer'],
    ]);
    expect(timeline.audit[1]).toMatchObject({ subjectType: 'review_item', subjectId: item.id });
  });

  it('links a dead run and its replay from the start both ways', async () => {
    const origin = await deadRun();
    expect(origin.status).toBe('dead');

    const replay = await replayRun(pool, registry, {
      runId: origin.id,
      mode: 'from_start',
      actorId: operationsId,
    });
    testWorker(registry);
    await waitForRun(replay.runId, SETTLED, 30_000);

    const ops = callerAs('operations', operationsId);
    const replayed = await ops.run.get({ id: replay.runId });
    expect(replayed.run.replayOf).toEqual({ id: origin.id, mode: 'from_start', status: 'dead' });
    expect(replayed.audit[0]).toMatchObject({ action: 'run.replayed', subjectId: replay.runId });

    const dead = await ops.run.get({ id: origin.id });
    expect(dead.run.replays).toEqual([
      expect.objectContaining({ id: replay.runId, mode: 'from_start' }),
    ]);
    expect(dead.run.error?.message).toBeTruthy();
    const failed = dead.steps.find((step) => step.status === 'failed');
    expect(failed).toMatchObject({
      stepId: 'tool:approve-invoice',
      toolName: 'erp.approve-invoice',
    });
    // The trigger's exception as the pg driver reports it (a DatabaseError named "error").
    expect(failed?.attempts.at(-1)?.errorClass).toBe('error');
    expect(failed?.attempts.at(-1)?.message).toContain('The ERP refuses changes to invoice');
    expect(dead.deadLetters).toEqual([
      expect.objectContaining({
        stepId: failed?.stepId,
        resolution: 'replayed',
        resolvedBy: { id: operationsId, name: 'Olga Operations' },
      }),
    ]);
    expect(dead.audit.map((event) => event.action)).toEqual([
      'run.started',
      'run.replay_requested',
    ]);
    expect(dead.audit[1]?.actor?.name).toBe('Olga Operations');
  });

  it('shows a requester their own run and no one else’s, as if it did not exist', async () => {
    const run = await deadRun();
    const own = await callerAs('requester', people.requester).run.get({ id: run.id });
    expect(own.run.id).toBe(run.id);

    const other = callerAs('requester', '00000000-0000-4000-8000-0000000000ff');
    await expect(other.run.get({ id: run.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      other.run.get({ id: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.run.get({ id: 'not-a-run' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A reviewer sees any run.
    const reviewer = await callerAs('reviewer', people.reviewer).run.get({ id: run.id });
    expect(reviewer.run.requester?.name).toBe('Rita Requester');
  });
});
