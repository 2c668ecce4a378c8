import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { NotFoundInSystemError } from './errors.ts';
import { seededErp } from './test-support.ts';

const erp = seededErp();

describe('erp.get-vendor', () => {
  it('reads a seeded vendor by number and by id', async () => {
    const { rows } = await erp.pool.query(
      "SELECT * FROM erp.vendors WHERE status = 'blocked' ORDER BY vendor_number LIMIT 1",
    );
    const row = rows[0];
    const expected = {
      id: row.id,
      vendorNumber: row.vendor_number,
      name: row.name,
      status: 'blocked',
      statusReason: row.status_reason,
      paymentTerms: row.payment_terms,
      currency: row.currency,
      taxId: row.tax_id,
      email: row.email,
      country: row.country,
    };
    expect(await erp.run('erp.get-vendor', { vendorNumber: row.vendor_number })).toEqual(expected);
    expect(await erp.run('erp.get-vendor', { id: row.id })).toEqual(expected);
  });

  it('fails for good when the vendor does not exist', async () => {
    await expect(erp.run('erp.get-vendor', { vendorNumber: 'V-999999' })).rejects.toThrow(
      NotFoundInSystemError,
    );
  });

  it('refuses bad input, naming the field', async () => {
    await expect(erp.run('erp.get-vendor', { vendorNumber: 'ACME' })).rejects.toThrow(
      ToolInputError,
    );
    await expect(erp.run('erp.get-vendor', { vendorNumber: 'ACME' })).rejects.toThrow(
      /vendorNumber/,
    );
    await expect(erp.run('erp.get-vendor', {})).rejects.toThrow(/vendorNumber: give exactly one/);
  });

  it('fails with a ContractError when the ERP returns a status the contract does not know', async () => {
    await erp.pool.query('ALTER TABLE erp.vendors DROP CONSTRAINT vendors_status_check');
    await erp.pool.query(
      "UPDATE erp.vendors SET status = 'archived' WHERE vendor_number = (SELECT min(vendor_number) FROM erp.vendors)",
    );
    const { rows } = await erp.pool.query(
      "SELECT vendor_number FROM erp.vendors WHERE status = 'archived'",
    );
    const promise = erp.run('erp.get-vendor', { vendorNumber: rows[0].vendor_number });
    await expect(promise).rejects.toThrow(ContractError);
    await expect(promise).rejects.toThrow(/status/);
  });
});
