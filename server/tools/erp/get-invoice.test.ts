import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { NotFoundInSystemError } from './errors.ts';
import { seededErp } from './test-support.ts';

const erp = seededErp();

async function seededInvoice(where: string) {
  const { rows } = await erp.pool.query(
    `SELECT i.id, i.invoice_number, i.amount::float8 AS amount, i.currency, i.status,
            i.hold_reason, v.vendor_number, po.po_number
       FROM erp.invoices i JOIN erp.vendors v ON v.id = i.vendor_id
       LEFT JOIN erp.purchase_orders po ON po.id = i.po_id
      WHERE ${where} ORDER BY i.invoice_number, i.id LIMIT 1`,
  );
  return rows[0];
}

describe('erp.get-invoice', () => {
  it('reads a seeded invoice on hold by vendor and number, and by id', async () => {
    const row = await seededInvoice("i.status = 'on_hold' AND i.po_id IS NOT NULL");
    const byNumber = await erp.run('erp.get-invoice', {
      vendorNumber: row.vendor_number,
      invoiceNumber: row.invoice_number,
    });
    expect(byNumber).toMatchObject({
      id: row.id,
      vendorNumber: row.vendor_number,
      invoiceNumber: row.invoice_number,
      amount: row.amount,
      currency: row.currency,
      status: 'on_hold',
      holdReason: row.hold_reason,
      poNumber: row.po_number,
    });
    expect(await erp.run('erp.get-invoice', { id: row.id })).toEqual(byNumber);
  });

  it('fails for good when the invoice does not exist', async () => {
    const promise = erp.run('erp.get-invoice', { vendorNumber: 'V-0001', invoiceNumber: 'NOPE-1' });
    await expect(promise).rejects.toThrow(NotFoundInSystemError);
    await expect(promise).rejects.toThrow(/NOPE-1/);
  });

  it('refuses bad input, naming the field', async () => {
    const missing = erp.run('erp.get-invoice', { vendorNumber: 'V-0001' });
    await expect(missing).rejects.toThrow(ToolInputError);
    await expect(missing).rejects.toThrow(/invoiceNumber: invoiceNumber is required/);
    await expect(erp.run('erp.get-invoice', { id: 'not-a-uuid' })).rejects.toThrow(/id:/);
  });

  it('fails with a ContractError when an amount is negative', async () => {
    const row = await seededInvoice("i.status = 'received'");
    await erp.pool.query('ALTER TABLE erp.invoices DROP CONSTRAINT invoices_amount_check');
    await erp.pool.query('UPDATE erp.invoices SET amount = -10 WHERE id = $1', [row.id]);
    const promise = erp.run('erp.get-invoice', { id: row.id });
    await expect(promise).rejects.toThrow(ContractError);
    await expect(promise).rejects.toThrow(/amount/);
  });
});
