import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { NotFoundInSystemError } from './errors.ts';
import { seededErp } from './test-support.ts';

const erp = seededErp();

describe('erp.get-purchase-order', () => {
  it('reads a seeded PO with its lines and totals', async () => {
    const { rows } = await erp.pool.query(
      `SELECT po.id, po.po_number, po.total::float8 AS total, v.vendor_number,
              (SELECT count(*)::int FROM erp.purchase_order_lines l WHERE l.po_id = po.id) AS lines
         FROM erp.purchase_orders po JOIN erp.vendors v ON v.id = po.vendor_id
        ORDER BY po.po_number LIMIT 1`,
    );
    const row = rows[0];
    const po = await erp.run('erp.get-purchase-order', { poNumber: row.po_number });
    expect(po).toMatchObject({
      id: row.id,
      poNumber: row.po_number,
      vendorNumber: row.vendor_number,
      total: row.total,
    });
    expect(po).toHaveProperty('lines.length', row.lines);
    expect(po).toHaveProperty('lines.0.lineNo', 1);
  });

  it('fails for good when the PO does not exist', async () => {
    await expect(erp.run('erp.get-purchase-order', { poNumber: 'PO-9999999' })).rejects.toThrow(
      NotFoundInSystemError,
    );
  });

  it('refuses bad input, naming the field', async () => {
    const promise = erp.run('erp.get-purchase-order', { poNumber: '42' });
    await expect(promise).rejects.toThrow(ToolInputError);
    await expect(promise).rejects.toThrow(/poNumber/);
  });

  it('fails with a ContractError when a PO total is negative', async () => {
    await erp.pool.query(
      'ALTER TABLE erp.purchase_orders DROP CONSTRAINT purchase_orders_total_check',
    );
    const { rows } = await erp.pool.query(
      'UPDATE erp.purchase_orders SET total = -1 WHERE po_number = (SELECT min(po_number) FROM erp.purchase_orders) RETURNING po_number',
    );
    const promise = erp.run('erp.get-purchase-order', { poNumber: rows[0].po_number });
    await expect(promise).rejects.toThrow(ContractError);
    await expect(promise).rejects.toThrow(/total/);
  });
});
