import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { InvoiceStateError } from './errors.ts';
import { appliedWrites, invoiceIdWithStatus, invoiceRow, seededErp } from './test-support.ts';

const erp = seededErp();

describe('erp.hold-invoice', () => {
  it('holds an approved invoice once per key, and erp.reopen-invoice restores the approval', async () => {
    const id = await invoiceIdWithStatus(erp.pool, 'approved');
    const before = await invoiceRow(erp.pool, id);
    const input = { invoiceId: id, reason: 'Possible duplicate of INV-1042' };
    const first = await erp.run('erp.hold-invoice', input, 'run-1:hold');
    expect(first).toMatchObject({
      invoice: { id, status: 'on_hold', holdReason: input.reason, approvedAt: null },
      previousStatus: 'approved',
      undo: {
        invoiceId: id,
        expectedStatus: 'on_hold',
        restore: {
          status: 'approved',
          holdReason: null,
          approvedAt: before.approved_at.toISOString(),
          approvedBy: before.approved_by,
        },
      },
    });
    const held = await invoiceRow(erp.pool, id);
    expect(held).toMatchObject({ status: 'on_hold', hold_reason: input.reason, approved_at: null });

    const second = await erp.run('erp.hold-invoice', input, 'run-1:hold');
    expect(second).toEqual(first);
    expect(await appliedWrites(erp.pool, 'run-1:hold')).toBe(1);
    expect(await invoiceRow(erp.pool, id)).toEqual(held);

    const undo = (first as { undo: unknown }).undo;
    await erp.run('erp.reopen-invoice', undo, 'run-1:hold:compensate');
    const restored = await invoiceRow(erp.pool, id);
    expect(restored).toMatchObject({
      status: 'approved',
      hold_reason: null,
      approved_by: before.approved_by,
    });
    expect(restored.approved_at.toISOString()).toBe(before.approved_at.toISOString());
  });

  it('refuses a rejected invoice, changing nothing', async () => {
    const id = await invoiceIdWithStatus(erp.pool, 'rejected');
    const before = await invoiceRow(erp.pool, id);
    const promise = erp.run('erp.hold-invoice', { invoiceId: id, reason: 'check it' }, 'k-2');
    await expect(promise).rejects.toThrow(InvoiceStateError);
    expect(await invoiceRow(erp.pool, id)).toEqual(before);
    expect(await appliedWrites(erp.pool, 'k-2')).toBe(0);
  });

  it('refuses bad input, naming the field', async () => {
    const promise = erp.run('erp.hold-invoice', { invoiceId: 'INV-1', reason: 'dup' });
    await expect(promise).rejects.toThrow(ToolInputError);
    await expect(promise).rejects.toThrow(/invoiceId/);
  });

  it('fails with a ContractError when the invoice row breaks the contract', async () => {
    const id = await invoiceIdWithStatus(erp.pool, 'received');
    await erp.pool.query('ALTER TABLE erp.invoices DROP CONSTRAINT invoices_amount_check');
    await erp.pool.query('UPDATE erp.invoices SET amount = -5 WHERE id = $1', [id]);
    const promise = erp.run('erp.hold-invoice', { invoiceId: id, reason: 'PO mismatch' });
    await expect(promise).rejects.toThrow(ContractError);
    await expect(promise).rejects.toThrow(/amount/);
  });
});
