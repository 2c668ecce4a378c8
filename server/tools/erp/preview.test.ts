import { describe, expect, it } from 'vitest';
import { ToolInputError } from '../errors.ts';
import { AT_WRITE_TIME } from '../field-changes.ts';
import { InvoiceStateError, NotFoundInSystemError } from './errors.ts';
import { invoiceIdWithStatus, invoiceRow, seededErp } from './test-support.ts';

const erp = seededErp();

/** The invoice as the test reads it: what a preview names it by, and its state fields. */
async function seeded(id: string) {
  const { rows } = await erp.pool.query(
    `SELECT i.invoice_number, v.vendor_number, v.name AS vendor_name, i.status, i.hold_reason,
            i.approved_at, i.approved_by
       FROM erp.invoices i JOIN erp.vendors v ON v.id = i.vendor_id WHERE i.id = $1`,
    [id],
  );
  const [row] = rows;
  return {
    ...row,
    target: `ERP invoice ${row.invoice_number} from ${row.vendor_number} (${row.vendor_name})`,
  };
}

describe('erp.approve-invoice preview', () => {
  it('shows the held invoice becoming approved, writes nothing, and reads live values', async () => {
    const id = await invoiceIdWithStatus(erp.pool, 'on_hold');
    const row = await seeded(id);
    expect(row.hold_reason).not.toBeNull();
    const before = await invoiceRow(erp.pool, id);
    const input = { invoiceId: id, approvedBy: 'steward', reason: '3-way match within tolerance' };
    expect(await erp.preview('erp.approve-invoice', input)).toEqual({
      target: row.target,
      changes: [
        { field: 'status', current: 'on_hold', proposed: 'approved' },
        { field: 'holdReason', current: row.hold_reason, proposed: null },
        { field: 'approvedAt', current: null, proposed: AT_WRITE_TIME },
        { field: 'approvedBy', current: null, proposed: 'steward' },
      ],
    });
    expect(await invoiceRow(erp.pool, id)).toEqual(before);

    await erp.run('erp.approve-invoice', input, 'run-p1:approve');
    const approve = erp.preview('erp.approve-invoice', input);
    await expect(approve).rejects.toThrow(InvoiceStateError);
    await expect(approve).rejects.toThrow(/"approved"/);
  });

  it('fails as the write would for an invoice that does not exist, and names bad fields', async () => {
    const missing = { invoiceId: '00000000-0000-4000-8000-000000000000', approvedBy: 'x' };
    await expect(
      erp.preview('erp.approve-invoice', { ...missing, reason: 'looks fine' }),
    ).rejects.toThrow(NotFoundInSystemError);
    const bad = erp.preview('erp.approve-invoice', missing);
    await expect(bad).rejects.toThrow(ToolInputError);
    await expect(bad).rejects.toThrow(/reason/);
  });
});

describe('erp.hold-invoice preview', () => {
  it('shows the received invoice going on hold, writes nothing, and reads live values', async () => {
    const id = await invoiceIdWithStatus(erp.pool, 'received');
    const row = await seeded(id);
    const before = await invoiceRow(erp.pool, id);
    const input = { invoiceId: id, reason: 'Possible duplicate of INV-1042' };
    expect(await erp.preview('erp.hold-invoice', input)).toEqual({
      target: row.target,
      changes: [
        { field: 'status', current: 'received', proposed: 'on_hold' },
        { field: 'holdReason', current: null, proposed: input.reason },
      ],
    });
    expect(await invoiceRow(erp.pool, id)).toEqual(before);

    // Approved in the ERP meanwhile: the same preview now also withdraws the approval.
    await erp.pool.query(
      "UPDATE erp.invoices SET status = 'approved', approved_by = 'ap-clerk', approved_at = '2026-11-01T10:00:00Z' WHERE id = $1",
      [id],
    );
    expect(await erp.preview('erp.hold-invoice', input)).toEqual({
      target: row.target,
      changes: [
        { field: 'status', current: 'approved', proposed: 'on_hold' },
        { field: 'holdReason', current: null, proposed: input.reason },
        { field: 'approvedAt', current: '2026-11-01T10:00:00.000Z', proposed: null },
        { field: 'approvedBy', current: 'ap-clerk', proposed: null },
      ],
    });

    await erp.run('erp.hold-invoice', input, 'run-p2:hold');
    await expect(erp.preview('erp.hold-invoice', input)).rejects.toThrow(InvoiceStateError);
  });

  it('refuses bad input, naming the field', async () => {
    const bad = erp.preview('erp.hold-invoice', { invoiceId: 'nope', reason: 'x' });
    await expect(bad).rejects.toThrow(ToolInputError);
    await expect(bad).rejects.toThrow(/invoiceId.*; reason/);
  });
});

describe('erp.reopen-invoice preview', () => {
  it('shows the state the undo restores', async () => {
    const id = await invoiceIdWithStatus(erp.pool, 'received');
    const row = await seeded(id);
    const held = await erp.run('erp.hold-invoice', { invoiceId: id, reason: 'PO mismatch' });
    const { undo } = held as { undo: unknown };
    expect(await erp.preview('erp.reopen-invoice', undo)).toEqual({
      target: row.target,
      changes: [
        { field: 'status', current: 'on_hold', proposed: 'received' },
        { field: 'holdReason', current: 'PO mismatch', proposed: null },
      ],
    });
  });
});
