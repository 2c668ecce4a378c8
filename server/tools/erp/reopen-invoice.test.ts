import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { InvoiceStateError } from './errors.ts';
import { appliedWrites, invoiceIdWithStatus, invoiceRow, seededErp } from './test-support.ts';

const erp = seededErp();

/** Holds a received invoice and returns its id, its row before and the hold's undo. */
async function holdReceived(key: string) {
  const id = await invoiceIdWithStatus(erp.pool, 'received');
  const before = await invoiceRow(erp.pool, id);
  const held = await erp.run('erp.hold-invoice', { invoiceId: id, reason: 'PO mismatch' }, key);
  return { id, before, undo: (held as { undo: Record<string, unknown> }).undo };
}

describe('erp.reopen-invoice', () => {
  it('restores the state before the hold, once per key', async () => {
    const { id, undo } = await holdReceived('run-1:hold');
    const first = await erp.run('erp.reopen-invoice', undo, 'run-1:hold:compensate');
    expect(first).toMatchObject({
      invoice: { id, status: 'received' },
      restoredStatus: 'received',
    });
    const restored = await invoiceRow(erp.pool, id);
    expect(restored).toMatchObject({ status: 'received', hold_reason: null, approved_at: null });

    const second = await erp.run('erp.reopen-invoice', undo, 'run-1:hold:compensate');
    expect(second).toEqual(first);
    expect(await appliedWrites(erp.pool, 'run-1:hold:compensate')).toBe(1);
    expect(await invoiceRow(erp.pool, id)).toEqual(restored);
  });

  it('restores nothing once the invoice has moved on', async () => {
    const { id, undo } = await holdReceived('run-2:hold');
    await erp.pool.query(
      "UPDATE erp.invoices SET status = 'rejected', hold_reason = NULL WHERE id = $1",
      [id],
    );
    const moved = await invoiceRow(erp.pool, id);
    const promise = erp.run('erp.reopen-invoice', undo, 'run-2:hold:compensate');
    await expect(promise).rejects.toThrow(InvoiceStateError);
    await expect(promise).rejects.toThrow(/"rejected"/);
    expect(await invoiceRow(erp.pool, id)).toEqual(moved);
    expect(await appliedWrites(erp.pool, 'run-2:hold:compensate')).toBe(0);
  });

  it('refuses bad input, naming the field', async () => {
    const id = await invoiceIdWithStatus(erp.pool, 'on_hold');
    const promise = erp.run('erp.reopen-invoice', {
      invoiceId: id,
      expectedStatus: 'on_hold',
      restore: { status: 'pending', holdReason: null, approvedAt: null, approvedBy: null },
    });
    await expect(promise).rejects.toThrow(ToolInputError);
    await expect(promise).rejects.toThrow(/restore\.status/);
  });

  it('fails with a ContractError when the restored invoice breaks the contract', async () => {
    const { id, undo } = await holdReceived('run-3:hold');
    await erp.pool.query('ALTER TABLE erp.invoices DROP CONSTRAINT invoices_currency_check');
    await erp.pool.query("UPDATE erp.invoices SET currency = 'usd' WHERE id = $1", [id]);
    const promise = erp.run('erp.reopen-invoice', undo, 'run-3:hold:compensate');
    await expect(promise).rejects.toThrow(ContractError);
    await expect(promise).rejects.toThrow(/currency/);
  });
});
