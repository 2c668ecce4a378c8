// The business rules around a run's subject, end to end on the embedded engine with the offline
// planner: an invoice the ERP does not have, one already approved or paid, one on hold, a
// duplicate (only the run's own invoice is held), and an address change that waits for its
// effective date. The ERP, CRM, billing and shipping rows are checked, not just the run.
import { describe, expect, it } from 'vitest';
import { startRun } from '../../server/engine/index.ts';
import { testWorker, waitForRun } from '../engine/support.ts';
import {
  addressesOf,
  appliedWritesOf,
  deadLettersOf,
  decide,
  pendingItem,
  people,
  pickCustomer,
  pool,
  registry,
  SETTLED,
  startAndSettle,
  validationOf,
} from './support.ts';

let counter = 0;

interface Invoice {
  vendorNumber: string;
  invoiceNumber: string;
}

/**
 * A received invoice from an active vendor billing one of its open POs (total in [min, max]) for
 * exactly the PO's total, as newInvoice in invoice-approval.test.ts makes it.
 */
async function newInvoice(number: string, min = 100, max = 5_000): Promise<Invoice> {
  counter += 1;
  const { rows } = await pool.query<Invoice>(
    `WITH po AS (
       SELECT po.id, po.vendor_id, po.total, po.currency FROM erp.purchase_orders po
       JOIN erp.vendors v ON v.id = po.vendor_id
       WHERE v.status = 'active' AND po.status NOT IN ('cancelled', 'draft') AND po.currency = v.currency
         AND po.total > $1 AND po.total <= $2
       ORDER BY po.po_number OFFSET $3 LIMIT 1)
     INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
     SELECT po.vendor_id, $4, po.id, po.total, po.currency, current_date, current_date + 30, now() FROM po
     RETURNING (SELECT vendor_number FROM erp.vendors WHERE id = vendor_id) AS "vendorNumber", invoice_number AS "invoiceNumber"`,
    [min, max, counter, number],
  );
  if (!rows[0]) throw new Error(`the seed has no open PO between ${min} and ${max}`);
  return rows[0];
}

const WHERE_INVOICE = `invoice_number = $1 AND vendor_id = (SELECT id FROM erp.vendors WHERE vendor_number = $2)`;

/** Sets the invoice's state columns (the ERP's checks hold: approved_at for approved/paid…). */
async function setState(invoice: Invoice, set: string) {
  const { rowCount } = await pool.query(`UPDATE erp.invoices SET ${set} WHERE ${WHERE_INVOICE}`, [
    invoice.invoiceNumber,
    invoice.vendorNumber,
  ]);
  expect(rowCount).toBe(1);
}

async function invoiceRow(invoice: Invoice) {
  const { rows } = await pool.query(
    `SELECT id, status, approved_by, approved_at, hold_reason, paid_at, updated_at FROM erp.invoices WHERE ${WHERE_INVOICE}`,
    [invoice.invoiceNumber, invoice.vendorNumber],
  );
  return rows[0];
}

/** Every ERP invoice's state, by id. */
async function allInvoices(): Promise<Map<string, unknown>> {
  const { rows } = await pool.query(
    'SELECT id, status, approved_by, approved_at, hold_reason, paid_at, updated_at FROM erp.invoices',
  );
  return new Map(rows.map((row) => [row.id as string, row]));
}

const APPROVER = 'Alice Approver <alice.approver@example.com>';

describe('invoice business rules', () => {
  it('turns down an invoice number the ERP does not have for the vendor, writing nothing and dead-lettering nothing', async () => {
    const other = await newInvoice('T-BR-0001');
    const missing = { vendorNumber: other.vendorNumber, invoiceNumber: 'NO-SUCH-INVOICE-42' };
    const before = await allInvoices();

    const run = await startAndSettle('invoice-approval', missing);

    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ outcome: 'rejected', by: 'rules', action: null });
    const { reasons } = run.output as { reasons: { code: string; message: string }[] };
    expect(reasons.map((reason) => reason.code)).toContain('invoice-exists');
    expect(reasons[0]?.message).toContain('NO-SUCH-INVOICE-42');
    expect(await deadLettersOf(run.id)).toEqual([]);
    expect(await appliedWritesOf(run.id)).toEqual([]);
    expect(await validationOf(run.id)).toEqual({ 'invoice-exists': false });
    expect(await allInvoices()).toEqual(before);
  });

  it.each([
    [
      'approved',
      `status = 'approved', approved_at = now() - interval '1 day', approved_by = '${APPROVER}'`,
    ],
    [
      'paid',
      `status = 'paid', approved_at = now() - interval '2 days', approved_by = '${APPROVER}', paid_at = now() - interval '1 day'`,
    ],
  ])('turns down an invoice already %s without withdrawing its approval', async (status, set) => {
    const invoice = await newInvoice(`T-BR-${status}`);
    await setState(invoice, set);
    const before = await invoiceRow(invoice);

    const run = await startAndSettle('invoice-approval', invoice);

    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ outcome: 'rejected', by: 'rules', action: null });
    const { reasons } = run.output as { reasons: { code: string; message: string }[] };
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'awaiting-approval',
          message: expect.stringContaining(status),
        }),
      ]),
    );
    expect(await deadLettersOf(run.id)).toEqual([]);
    expect(await appliedWritesOf(run.id)).toEqual([]);
    expect(await validationOf(run.id)).toMatchObject({ 'awaiting-approval': false });
    expect(await invoiceRow(invoice)).toEqual(before);
    expect(before).toMatchObject({ status, approved_by: APPROVER, hold_reason: null });
  });

  it('sends a small clean invoice on hold to a reviewer, and approves it in their name', async () => {
    const invoice = await newInvoice('T-BR-HOLD');
    await setState(invoice, `status = 'on_hold', hold_reason = 'Vendor asked to wait'`);

    const run = await startAndSettle('invoice-approval', invoice);

    expect(run.status).toBe('needs_review');
    expect(await invoiceRow(invoice)).toMatchObject({
      status: 'on_hold',
      hold_reason: 'Vendor asked to wait',
    });
    expect(await appliedWritesOf(run.id)).toEqual([]);
    expect(await validationOf(run.id)).toMatchObject({
      'awaiting-approval': true,
      'vendor-active': true,
      'po-matched': true,
      'no-duplicate': true,
    });
    const item = await pendingItem(run.id);
    expect(item.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'policy', message: expect.stringContaining('on hold') }),
      ]),
    );

    const done = await decide(run.id, item.id, 'approved');

    expect(done.status).toBe('succeeded');
    expect(done.output).toMatchObject({ outcome: 'completed', route: 'approved' });
    expect(await invoiceRow(invoice)).toMatchObject({
      status: 'approved',
      approved_by: 'Rob Reviewer <rob.reviewer@example.com>',
      hold_reason: null,
    });
    expect(await appliedWritesOf(run.id)).toEqual(['erp.approve-invoice']);
  });

  it("holds the run's own invoice when it is turned down as a duplicate, and changes no other invoice", async () => {
    // The run is for INV-88001; the vendor re-sent it as "inv 88001", also still received.
    const invoice = await newInvoice('INV-88001');
    await pool.query(
      `INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
       SELECT vendor_id, 'inv 88001', po_id, amount, currency, invoice_date, due_date, now()
       FROM erp.invoices WHERE ${WHERE_INVOICE}`,
      [invoice.invoiceNumber, invoice.vendorNumber],
    );
    const copy = { vendorNumber: invoice.vendorNumber, invoiceNumber: 'inv 88001' };
    const own = await invoiceRow(invoice);
    const before = await allInvoices();

    const run = await startAndSettle('invoice-approval', invoice);

    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({
      outcome: 'rejected',
      by: 'rules',
      reasons: [{ code: 'no-duplicate', message: expect.stringContaining('inv 88001') }],
      action: { tool: 'erp.hold-invoice' },
    });
    expect(await deadLettersOf(run.id)).toEqual([]);
    expect(await appliedWritesOf(run.id)).toEqual(['erp.hold-invoice']);
    expect(await invoiceRow(invoice)).toMatchObject({
      id: own.id,
      status: 'on_hold',
      approved_by: null,
      hold_reason: expect.stringMatching(/^Possible duplicate of inv 88001/),
    });
    expect(await invoiceRow(copy)).toMatchObject({ status: 'received', hold_reason: null });
    const after = await allInvoices();
    after.delete(own.id);
    before.delete(own.id);
    expect(after).toEqual(before);
  });
});

/** Today plus `days`, as YYYY-MM-DD (UTC). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const NEW_ADDRESS = {
  DE: { line1: 'Lindenallee 115', city: 'Berlin', postalCode: '10115', country: 'DE' },
  NL: { line1: 'Keizersgracht 1', city: 'Amsterdam', postalCode: '1015 CJ', country: 'NL' },
  FR: { line1: '12 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
} as const;

/** A customer of a country with a sample address, and the move within it. */
async function moveWithinCountry(effectiveDate: string) {
  for (const country of Object.keys(NEW_ADDRESS) as (keyof typeof NEW_ADDRESS)[]) {
    const customer = await pickCustomer(country).catch(() => null);
    if (!customer) continue;
    const { line1, city, postalCode } = NEW_ADDRESS[country];
    const stored = { line1, line2: null, city, postal_code: postalCode, region: null, country };
    const { customerNumber, contactEmail } = customer;
    const input = { customerNumber, contactEmail, address: NEW_ADDRESS[country], effectiveDate };
    return { customer, input, stored };
  }
  throw new Error('the seed has no unused customer in DE, NL or FR');
}

describe('address change effective date', () => {
  it('sleeps until a future effective date, writing nothing, then moves the customer everywhere', async () => {
    const { customer, input, stored } = await moveWithinCountry(day(2));
    const before = await addressesOf(customer);

    testWorker(registry);
    const { runId } = await startRun(pool, registry, {
      workflowId: 'address-change',
      input,
      requestedById: people.requester,
    });
    const asleep = await waitForRun(runId, ['sleeping', ...SETTLED], 30_000);

    expect(asleep.status).toBe('sleeping');
    expect(await appliedWritesOf(runId)).toEqual([]);
    expect(await addressesOf(customer)).toEqual(before);
    const { rows } = await pool.query(
      `SELECT c.wake_at, r.run_after FROM step_checkpoints c JOIN runs r ON r.id = c.run_id
       WHERE c.run_id = $1 AND c.step_id = 'wait-for-effective-date' AND c.status = 'sleeping'`,
      [runId],
    );
    expect(rows).toHaveLength(1);
    // Midnight UTC of the effective date (plus the moments between computing and sleeping).
    const midnight = Date.parse(`${input.effectiveDate}T00:00:00Z`);
    expect(rows[0].wake_at.getTime() - midnight).toBeGreaterThanOrEqual(0);
    expect(rows[0].wake_at.getTime() - midnight).toBeLessThan(5_000);
    expect(rows[0].run_after.getTime()).toBe(rows[0].wake_at.getTime());

    // The day comes: the sleep's wake-up time (kept in its checkpoint) and the run's are now.
    await pool.query(
      `UPDATE step_checkpoints SET wake_at = now()
       WHERE run_id = $1 AND step_id = 'wait-for-effective-date'`,
      [runId],
    );
    await pool.query('UPDATE runs SET run_after = now() WHERE id = $1', [runId]);
    const done = await waitForRun(runId, SETTLED, 30_000);

    expect(done.status).toBe('succeeded');
    expect(done.output).toMatchObject({ outcome: 'completed', route: 'auto' });
    expect(await addressesOf(customer)).toEqual({ crm: stored, billing: stored, shipping: stored });
    expect(await appliedWritesOf(runId)).toEqual([
      'crm.update-contact-address',
      'billing.update-billing-address',
      'shipping.update-delivery-address',
    ]);
  });

  it('writes right away when the effective date has passed', async () => {
    const { customer, input, stored } = await moveWithinCountry(day(-3));

    const run = await startAndSettle('address-change', input);

    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ outcome: 'completed', route: 'auto' });
    expect(await addressesOf(customer)).toEqual({ crm: stored, billing: stored, shipping: stored });
    const sleeps = await pool.query(
      `SELECT status FROM step_checkpoints WHERE run_id = $1 AND kind = 'sleep'`,
      [run.id],
    );
    expect(sleeps.rows).toEqual([]);
  });
});
