import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { seededErp } from './test-support.ts';

const erp = seededErp();

/** Two vendors and three invoices numbered like "INV-7001" (one spelled "inv 7001"). */
async function insertDuplicates() {
  const { rows: vendors } = await erp.pool.query(
    'SELECT id, vendor_number, currency FROM erp.vendors ORDER BY vendor_number LIMIT 2',
  );
  const [first, second] = vendors;
  const insert = (vendorId: string, number: string, receivedAt: string) =>
    erp.pool.query(
      `INSERT INTO erp.invoices (vendor_id, invoice_number, amount, currency, invoice_date,
                                 due_date, received_at)
       VALUES ($1, $2, 120.50, 'EUR', '2026-10-01', '2026-10-31', $3) RETURNING id`,
      [vendorId, number, receivedAt],
    );
  const a = await insert(first.id, 'INV-7001', '2026-10-02T09:00:00Z');
  const b = await insert(first.id, 'inv 7001', '2026-10-03T09:00:00Z');
  const c = await insert(second.id, 'INV-7001', '2026-10-04T09:00:00Z');
  return { first, second, ids: [a.rows[0].id, b.rows[0].id, c.rows[0].id] };
}

describe('erp.find-invoices-by-number', () => {
  it('finds the same number across vendors, within one, and leaves one out', async () => {
    const { first, ids } = await insertDuplicates();
    const all = await erp.run('erp.find-invoices-by-number', { invoiceNumber: 'INV-7001' });
    expect(all).toMatchObject({ normalizedNumber: 'INV7001' });
    expect(all).toHaveProperty('invoices.length', 3);
    expect(all).toHaveProperty('invoices.0.id', ids[0]);
    const within = await erp.run('erp.find-invoices-by-number', {
      invoiceNumber: 'inv7001',
      vendorNumber: first.vendor_number,
      excludeInvoiceId: ids[0],
    });
    expect(within).toMatchObject({ invoices: [{ id: ids[1], invoiceNumber: 'inv 7001' }] });
    const none = await erp.run('erp.find-invoices-by-number', { invoiceNumber: 'NO-SUCH-9' });
    expect(none).toEqual({ normalizedNumber: 'NOSUCH9', invoices: [] });
  });

  it('refuses bad input, naming the field', async () => {
    const promise = erp.run('erp.find-invoices-by-number', { invoiceNumber: '--' });
    await expect(promise).rejects.toThrow(ToolInputError);
    await expect(promise).rejects.toThrow(/invoiceNumber/);
    await expect(
      erp.run('erp.find-invoices-by-number', { invoiceNumber: 'A1', vendorNumber: 'x' }),
    ).rejects.toThrow(/vendorNumber/);
  });

  it('fails with a ContractError when an invoice has an unknown status', async () => {
    await erp.pool.query('ALTER TABLE erp.invoices DROP CONSTRAINT invoices_status_check');
    await erp.pool.query(
      "UPDATE erp.invoices SET status = 'lost' WHERE invoice_number = 'INV-7001'",
    );
    const promise = erp.run('erp.find-invoices-by-number', { invoiceNumber: 'INV-7001' });
    await expect(promise).rejects.toThrow(ContractError);
    await expect(promise).rejects.toThrow(/status/);
  });
});
