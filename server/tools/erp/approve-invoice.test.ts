import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { InvoiceStateError } from './errors.ts';
import { appliedWrites, invoiceIdWithStatus, invoiceRow, seededErp } from './test-support.ts';

const erp = seededErp();

describe('erp.approve-invoice', () => {
  it('approves a held invoice once per key, and erp.reopen-invoice puts the hold back', async () => {
    const id = await invoiceIdWithStatus(erp.pool, 'on_hold');
    const before = await invoiceRow(erp.pool, id);
    const input = { invoiceId: id, approvedBy: 'steward', reason: '3-way match within tolerance' };
    const first = await erp.run('erp.approve-invoice', input, 'run-1:approve');
    expect(first).toMatchObject({
      invoice: { id, status: 'approved', holdReason: null, approvedBy: 'steward' },
      previousStatus: 'on_hold',
      reason: input.reason,
      undo: {
        invoiceId: id,
        expectedStatus: 'approved',
        restore: { status: 'on_hold', holdReason: before.hold_reason, approvedAt: null },
      },
    });
    const approved = await invoiceRow(erp.pool, id);
    expect(approved).toMatchObject({
      status: 'approved',
      hold_reason: null,
      approved_by: 'steward',
    });

    // The same key again: the first result, one applied_writes row, the invoice untouched.
    const second = await erp.run('erp.approve-invoice', input, 'run-1:approve');
    expect(second).toEqual(first);
    expect(await appliedWrites(erp.pool, 'run-1:approve')).toBe(1);
    expect(await invoiceRow(erp.pool, id)).toEqual(approved);

    const undo = (first as { undo: unknown }).undo;
    await erp.run('erp.reopen-invoice', undo, 'run-1:approve:compensate');
    expect(await invoiceRow(erp.pool, id)).toMatchObject({
      status: 'on_hold',
      hold_reason: before.hold_reason,
      approved_at: null,
      approved_by: null,
    });
  });

  it('refuses an invoice that is already paid, changing nothing', async () => {
    const id = await invoiceIdWithStatus(erp.pool, 'paid');
    const before = await invoiceRow(erp.pool, id);
    const promise = erp.run(
      'erp.approve-invoice',
      { invoiceId: id, approvedBy: 'steward', reason: 'looks fine' },
      'run-2:approve',
    );
    await expect(promise).rejects.toThrow(InvoiceStateError);
    await expect(promise).rejects.toThrow(/"paid"/);
    expect(await invoiceRow(erp.pool, id)).toEqual(before);
    expect(await appliedWrites(erp.pool, 'run-2:approve')).toBe(0);
  });

  it('refuses bad input, naming the field', async () => {
    const id = await invoiceIdWithStatus(erp.pool, 'received');
    const promise = erp.run('erp.approve-invoice', { invoiceId: id, approvedBy: 'steward' });
    await expect(promise).rejects.toThrow(ToolInputError);
    await expect(promise).rejects.toThrow(/reason/);
  });

  it('fails with a ContractError when the ERP holds a currency the contract forbids', async () => {
    const id = await invoiceIdWithStatus(erp.pool, 'received');
    await erp.pool.query('ALTER TABLE erp.invoices DROP CONSTRAINT invoices_currency_check');
    await erp.pool.query("UPDATE erp.invoices SET currency = 'euro' WHERE id = $1", [id]);
    const promise = erp.run('erp.approve-invoice', {
      invoiceId: id,
      approvedBy: 'steward',
      reason: 'matched',
    });
    await expect(promise).rejects.toThrow(ContractError);
    await expect(promise).rejects.toThrow(/currency/);
  });
});
