// The review console's API on review items opened by real invoice-approval runs (embedded
// engine, offline planner): the detail pane shows the plan with its whys, what the reads
// returned, the validation results and the diff of the proposed write; a decision through the
// API resumes the run.
import { afterAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../server/api/root.ts';
import { createDb } from '../../server/db/client.ts';
import { getEnginePool } from '../../server/engine/pool.ts';
import { testWorker, waitForRun } from '../engine/support.ts';
import { testDatabaseUrl } from '../support/database.ts';
import { people, pool, registry, startAndSettle } from '../workflows/support.ts';

const db = createDb(testDatabaseUrl);
afterAll(async () => {
  await db.$disconnect();
  await getEnginePool().end();
});

function callerAs(id: string) {
  return createCaller({
    db,
    headers: new Headers(),
    user: { id, email: `${id}@example.com`, name: 'Reviewer', role: 'reviewer' },
  });
}

let counter = 0;

/** A received invoice over the automatic approval limit, billing one of its vendor's POs exactly. */
async function largeInvoice() {
  counter += 1;
  const { rows } = await pool.query<{ vendorNumber: string; invoiceNumber: string }>(
    `WITH po AS (
       SELECT po.id, po.vendor_id, po.total, po.currency FROM erp.purchase_orders po
       JOIN erp.vendors v ON v.id = po.vendor_id
       WHERE v.status = 'active' AND po.status NOT IN ('cancelled', 'draft') AND po.currency = v.currency
         AND po.total > 5000
       ORDER BY po.po_number OFFSET $1 LIMIT 1)
     INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
     SELECT po.vendor_id, $2, po.id, po.total, po.currency, current_date, current_date + 30, now() FROM po
     RETURNING (SELECT vendor_number FROM erp.vendors WHERE id = vendor_id) AS "vendorNumber", invoice_number AS "invoiceNumber"`,
    [counter, `R-2026-${counter}`],
  );
  const invoice = rows[0];
  if (!invoice) throw new Error('the seed has no open PO over 5000');
  return invoice;
}

/** The run's open review item, through review.list. */
async function queuedItemOf(runId: string) {
  const { items } = await callerAs(people.reviewer).review.list({ workflowId: 'invoice-approval' });
  const item = items.find((entry) => entry.runId === runId);
  if (!item) throw new Error(`run ${runId} has no item in the queue`);
  return item;
}

describe('review.get and review.decide on a real invoice-approval run', () => {
  it('shows the plan, the reads, the validation and the diff, then approves and the run finishes', async () => {
    const invoice = await largeInvoice();
    const run = await startAndSettle('invoice-approval', invoice);
    expect(run.status).toBe('needs_review');
    const queued = await queuedItemOf(run.id);
    expect(queued).toMatchObject({
      workflowTitle: 'Invoice approval',
      requester: { id: people.requester, name: 'Rita Requester' },
      reasons: [{ code: 'policy' }],
      summary: { title: `${invoice.invoiceNumber} from ${invoice.vendorNumber}` },
    });

    const detail = await callerAs(people.reviewer).review.get({ id: queued.id });
    expect(detail.item).toMatchObject({ id: queued.id, status: 'pending', risk: 'medium' });
    expect(detail.item.writesHash).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.item.proposedWrites).toMatchObject([
      {
        tool: 'erp.approve-invoice',
        preview: {
          changes: expect.arrayContaining([
            { field: 'status', current: 'received', proposed: 'approved' },
          ]),
        },
      },
    ]);
    expect(detail.run).toMatchObject({
      id: run.id,
      workflowTitle: 'Invoice approval',
      status: 'needs_review',
      input: invoice,
      requester: { id: people.requester },
    });
    expect(detail.plan?.planner).toBe('offline');
    expect(detail.plan?.steps.map((step) => step.id)).toEqual(
      expect.arrayContaining(['get-invoice', 'get-purchase-order', 'approve-invoice']),
    );
    for (const step of detail.plan?.steps ?? []) expect(step.why.length).toBeGreaterThan(0);
    // The reads ran (the write waits for the decision) and returned the invoice.
    const read = detail.steps.find((step) => step.stepId === 'tool:get-invoice');
    expect(read).toMatchObject({ toolName: 'erp.get-invoice', status: 'succeeded' });
    expect(read?.output).toMatchObject({
      invoiceNumber: invoice.invoiceNumber,
      status: 'received',
    });
    expect(detail.steps.map((step) => step.stepId)).not.toContain('tool:approve-invoice');
    expect(detail.validation).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'po-matched', passed: true, severity: expect.any(String) }),
        expect.objectContaining({ rule: 'amount-within-tolerance', passed: true }),
      ]),
    );
    expect(detail.modelCalls).toMatchObject([{ provider: 'offline', errorClass: null }]);

    testWorker(registry);
    const results = await callerAs(people.reviewer).review.decide({
      decisions: [{ reviewItemId: queued.id, verdict: 'approved', timeOnItemMs: 4200 }],
    });
    expect(results).toEqual([{ reviewItemId: queued.id, ok: true, status: 'approved' }]);
    const done = await waitForRun(run.id, ['succeeded', 'failed', 'dead'], 30_000);
    expect(done.status).toBe('succeeded');
    const { rows } = await pool.query(
      `SELECT i.status FROM erp.invoices i JOIN erp.vendors v ON v.id = i.vendor_id
       WHERE v.vendor_number = $1 AND i.invoice_number = $2`,
      [invoice.vendorNumber, invoice.invoiceNumber],
    );
    expect(rows[0]).toMatchObject({ status: 'approved' });
    expect((await callerAs(people.reviewer).review.get({ id: queued.id })).item.status).toBe(
      'approved',
    );
  });

  it('refuses the requester of the run, then rejects with a console reason and holds the invoice', async () => {
    const invoice = await largeInvoice();
    const run = await startAndSettle('invoice-approval', invoice);
    const queued = await queuedItemOf(run.id);

    // Rita asked for the run; with a reviewer's role she still may not decide it.
    const refused = await callerAs(people.requester).review.decide({
      decisions: [{ reviewItemId: queued.id, verdict: 'approved' }],
    });
    expect(refused).toEqual([
      { reviewItemId: queued.id, ok: false, code: 'FORBIDDEN', message: expect.any(String) },
    ]);

    testWorker(registry);
    const results = await callerAs(people.reviewer).review.decide({
      decisions: [{ reviewItemId: queued.id, verdict: 'rejected', reasonCode: 'amount-mismatch' }],
    });
    expect(results).toEqual([{ reviewItemId: queued.id, ok: true, status: 'rejected' }]);
    const done = await waitForRun(run.id, ['succeeded', 'failed', 'dead'], 30_000);
    expect(done.output).toMatchObject({
      outcome: 'rejected',
      action: { tool: 'erp.hold-invoice' },
    });
    const { rows } = await pool.query(
      `SELECT i.status FROM erp.invoices i JOIN erp.vendors v ON v.id = i.vendor_id
       WHERE v.vendor_number = $1 AND i.invoice_number = $2`,
      [invoice.vendorNumber, invoice.invoiceNumber],
    );
    expect(rows[0]).toMatchObject({ status: 'on_hold' });
  });

  it('answers NOT_FOUND for an unknown item', async () => {
    const caller = callerAs(people.reviewer);
    await expect(
      caller.review.get({ id: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.review.get({ id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
