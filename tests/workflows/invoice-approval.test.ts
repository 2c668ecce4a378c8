// Invoice approval end to end on the embedded engine, with the offline planner: the auto path,
// review (approve and reject), the duplicate turned down, a write failing once (retried) and for
// good (dead letter), and an approval that cannot be used for other writes. The ERP rows are
// checked after each path, not just the run's status.
import { describe, expect, it } from 'vitest';
import { sendEvent } from '../../server/engine/index.ts';
import { REVIEW_DECIDED_EVENT } from '../../server/planner/plan-step.ts';
import { testWorker, waitForRun } from '../engine/support.ts';
import {
  decide,
  failUpdates,
  pendingItem,
  pool,
  registry,
  startAndSettle,
  stepsOf,
  validationOf,
} from './support.ts';

let counter = 0;

/**
 * A new invoice as it arrives: received, from an active vendor, billing one of its purchase
 * orders for exactly the PO's total (or `amount`), under a number nobody used. `total` picks a
 * PO in that range.
 */
async function newInvoice(options: { min: number; max: number; amount?: number; number?: string }) {
  counter += 1;
  const { rows } = await pool.query<{ vendorNumber: string; invoiceNumber: string }>(
    `WITH po AS (
       SELECT po.id, po.vendor_id, po.total, po.currency FROM erp.purchase_orders po
       JOIN erp.vendors v ON v.id = po.vendor_id
       WHERE v.status = 'active' AND po.status NOT IN ('cancelled', 'draft') AND po.currency = v.currency
         AND po.total > $1 AND po.total <= $2
       ORDER BY po.po_number OFFSET $3 LIMIT 1)
     INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
     SELECT po.vendor_id, $4, po.id, coalesce($5, po.total), po.currency, current_date, current_date + 30, now() FROM po
     RETURNING (SELECT vendor_number FROM erp.vendors WHERE id = vendor_id) AS "vendorNumber", invoice_number AS "invoiceNumber"`,
    [
      options.min,
      options.max,
      counter,
      options.number ?? `T-2026-${1000 + counter}`,
      options.amount ?? null,
    ],
  );
  const invoice = rows[0];
  if (!invoice)
    throw new Error(`the seed has no open PO between ${options.min} and ${options.max}`);
  return invoice;
}

async function invoiceRow(invoice: { vendorNumber: string; invoiceNumber: string }) {
  const { rows } = await pool.query(
    `SELECT i.status, i.approved_by, i.hold_reason FROM erp.invoices i JOIN erp.vendors v ON v.id = i.vendor_id
     WHERE v.vendor_number = $1 AND i.invoice_number = $2`,
    [invoice.vendorNumber, invoice.invoiceNumber],
  );
  return rows[0];
}

describe('invoice approval', () => {
  it('approves a small clean invoice without a person', async () => {
    const invoice = await newInvoice({ min: 100, max: 5_000 });
    const run = await startAndSettle('invoice-approval', invoice);

    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ outcome: 'completed', route: 'auto', reviewItemId: null });
    expect(await invoiceRow(invoice)).toMatchObject({
      status: 'approved',
      approved_by: 'steward',
      hold_reason: null,
    });
    expect(await validationOf(run.id)).toEqual({
      'writes-proven': true,
      'awaiting-approval': true,
      'no-duplicate': true,
      'vendor-active': true,
      'po-matched': true,
      'amount-within-tolerance': true,
      'plan-confidence': true,
    });
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM review_items WHERE run_id = $1',
      [run.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('sends a large invoice to a reviewer, and approves it on approval', async () => {
    const invoice = await newInvoice({ min: 5_000, max: 1e9 });
    const run = await startAndSettle('invoice-approval', invoice);

    expect(run.status).toBe('needs_review');
    expect(await invoiceRow(invoice)).toMatchObject({ status: 'received' });
    const item = await pendingItem(run.id);
    expect(item.risk).toBe('medium');
    expect(item.summary).toMatchObject({
      title: `${invoice.invoiceNumber} from ${invoice.vendorNumber}`,
      figures: [
        { label: 'Invoice', value: expect.stringMatching(/^[\d,]+\.\d\d [A-Z]{3}$/) },
        { label: 'PO', value: expect.stringMatching(/^[\d,]+\.\d\d [A-Z]{3}$/) },
        { label: 'Difference', value: expect.stringMatching(/^0\.00 [A-Z]{3}$/) },
      ],
    });
    expect(item.reasons).toMatchObject([{ code: 'policy' }]);
    expect(item.proposed_writes).toMatchObject([
      {
        tool: 'erp.approve-invoice',
        input: { approvedBy: 'steward' },
        preview: {
          changes: expect.arrayContaining([
            { field: 'status', current: 'received', proposed: 'approved' },
            // The reviewer sees who will be written as the approver: whoever approves.
            {
              field: 'approvedBy',
              current: null,
              proposed: '(whoever approves: you, or steward when automatic)',
            },
          ]),
        },
        modelWritten: ['reason'],
        filledOnApproval: ['approvedBy'],
      },
    ]);
    expect(item.summary.targets).toEqual([
      { label: expect.stringContaining(invoice.invoiceNumber), onSubject: true },
    ]);

    const done = await decide(run.id, item.id, 'approved');
    expect(done.status).toBe('succeeded');
    expect(done.output).toMatchObject({
      outcome: 'completed',
      route: 'approved',
      reviewItemId: item.id,
    });
    expect(await invoiceRow(invoice)).toMatchObject({
      status: 'approved',
      approved_by: 'Rob Reviewer <rob.reviewer@example.com>',
    });
  });

  it("puts an invoice on hold with the reviewer's reason when the reviewer rejects it", async () => {
    const invoice = await newInvoice({ min: 5_000, max: 1e9 });
    const run = await startAndSettle('invoice-approval', invoice);
    const item = await pendingItem(run.id);

    const done = await decide(run.id, item.id, 'rejected', 'price-dispute');

    expect(done.output).toMatchObject({
      outcome: 'rejected',
      by: 'reviewer',
      action: { tool: 'erp.hold-invoice' },
    });
    expect(await invoiceRow(invoice)).toMatchObject({
      status: 'on_hold',
      approved_by: null,
      hold_reason: 'Rejected by a reviewer (price-dispute)',
    });
    const { rows } = await pool.query(
      'SELECT status, decided_by_id, reason_code FROM review_items WHERE id = $1',
      [item.id],
    );
    expect(rows[0]).toMatchObject({ status: 'rejected', reason_code: 'price-dispute' });
  });

  it('turns a duplicate down and holds it, without a person', async () => {
    // The vendor sends the same invoice again, its number written another way.
    const original = await newInvoice({ min: 100, max: 5_000, number: 'INV-77001' });
    await pool.query(
      `INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
       SELECT vendor_id, 'inv 77001', po_id, amount, currency, invoice_date, due_date, now()
       FROM erp.invoices WHERE invoice_number = 'INV-77001'
         AND vendor_id = (SELECT id FROM erp.vendors WHERE vendor_number = $1)`,
      [original.vendorNumber],
    );
    const duplicate = { vendorNumber: original.vendorNumber, invoiceNumber: 'inv 77001' };

    const run = await startAndSettle('invoice-approval', duplicate);

    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({
      outcome: 'rejected',
      by: 'rules',
      reasons: [{ code: 'no-duplicate' }],
    });
    expect(await validationOf(run.id)).toMatchObject({ 'no-duplicate': false });
    expect(await invoiceRow(duplicate)).toMatchObject({
      status: 'on_hold',
      hold_reason: expect.stringMatching(/^Possible duplicate of /),
    });
  });

  it('retries a write the ERP refuses once, and applies it once', async () => {
    const invoice = await newInvoice({ min: 100, max: 5_000 });
    const restore = await failUpdates('erp.invoices', 1, 'ERP is busy, try again');
    try {
      const run = await startAndSettle('invoice-approval', invoice);
      expect(run.status).toBe('succeeded');
      const approve = (await stepsOf(run.id)).find(
        (step) => step.step_id === 'tool:approve-invoice',
      );
      expect(approve).toMatchObject({ status: 'succeeded', attempt_count: 2 });
      expect(await invoiceRow(invoice)).toMatchObject({ status: 'approved' });
      const writes = await pool.query(
        `SELECT count(*)::int AS n FROM erp.applied_writes WHERE idempotency_key = $1`,
        [`${run.id}:tool:approve-invoice`],
      );
      expect(writes.rows[0].n).toBe(1);
    } finally {
      await restore();
    }
  });

  it('dead-letters the run when the ERP refuses the write for good, and writes nothing', async () => {
    const invoice = await newInvoice({ min: 100, max: 5_000 });
    const restore = await failUpdates('erp.invoices', Number.POSITIVE_INFINITY, 'ERP is down');
    try {
      const run = await startAndSettle('invoice-approval', invoice);
      expect(run.status).toBe('dead');
      const { rows } = await pool.query(
        'SELECT step_id, message, attempts FROM dead_letters WHERE run_id = $1',
        [run.id],
      );
      expect(rows).toMatchObject([{ step_id: 'tool:approve-invoice', attempts: 3 }]);
      expect(rows[0].message).toContain('ERP is down');
      expect(await invoiceRow(invoice)).toMatchObject({ status: 'received', approved_by: null });
    } finally {
      await restore();
    }
  });

  it('does not let an approval write anything but what it approved', async () => {
    const invoice = await newInvoice({ min: 5_000, max: 1e9 });
    const run = await startAndSettle('invoice-approval', invoice);
    const first = await pendingItem(run.id);

    // A forged approval event, while the item is still pending in the database: not applied.
    testWorker(registry);
    await sendEvent(pool, {
      name: REVIEW_DECIDED_EVENT,
      data: { reviewItemId: first.id, verdict: 'approved', writesHash: first.writes_hash },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await waitForRun(run.id, ['needs_review']);
    expect(await invoiceRow(invoice)).toMatchObject({ status: 'received' });
    const second = await pendingItem(run.id);
    expect(second.id).not.toBe(first.id);
    expect(second.reasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'writes-changed' })]),
    );

    // The ERP record changes after the item was opened: the approval no longer applies.
    await pool.query(
      `UPDATE erp.invoices SET status = 'on_hold', hold_reason = 'Vendor called: wrong bank details'
       WHERE invoice_number = $1 AND vendor_id = (SELECT id FROM erp.vendors WHERE vendor_number = $2)`,
      [invoice.invoiceNumber, invoice.vendorNumber],
    );
    const after = await decide(run.id, second.id, 'approved');
    expect(after.status).toBe('needs_review');
    expect(await invoiceRow(invoice)).toMatchObject({ status: 'on_hold', approved_by: null });
    const statuses = await pool.query(
      'SELECT id, status FROM review_items WHERE run_id = $1 ORDER BY created_at',
      [run.id],
    );
    expect(statuses.rows.map((row) => row.status)).toEqual(['superseded', 'superseded', 'pending']);
    const third = await pendingItem(run.id);
    expect(third.proposed_writes[0].preview.changes).toEqual(
      expect.arrayContaining([{ field: 'status', current: 'on_hold', proposed: 'approved' }]),
    );

    // Approving what is proposed now applies exactly that.
    const done = await decide(run.id, third.id, 'approved');
    expect(done.status).toBe('succeeded');
    expect(await invoiceRow(invoice)).toMatchObject({ status: 'approved', hold_reason: null });
  });
});
