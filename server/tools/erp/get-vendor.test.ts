import { describe, expect, it } from 'vitest';
import { isValidIban } from '../../systems/seed/erp.ts';
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
      iban: row.iban,
      email: row.email,
      country: row.country,
    };
    expect(await erp.run('erp.get-vendor', { vendorNumber: row.vendor_number })).toEqual(expected);
    expect(await erp.run('erp.get-vendor', { id: row.id })).toEqual(expected);
  });

  it('returns the bank account on record: a valid IBAN in IBAN countries, null in the US and Canada', async () => {
    const { rows } = await erp.pool.query<{ vendor_number: string; country: string }>(
      `SELECT DISTINCT ON (country) vendor_number, country FROM erp.vendors
        ORDER BY country, vendor_number`,
    );
    const lengths: Record<string, number | null> = {
      CA: null,
      DE: 22,
      FR: 27,
      GB: 22,
      NL: 18,
      US: null,
    };
    expect(rows.map((row) => row.country)).toEqual(Object.keys(lengths));
    for (const row of rows) {
      const vendor = (await erp.run('erp.get-vendor', { vendorNumber: row.vendor_number })) as {
        iban: string | null;
        taxId: string | null;
        country: string;
      };
      expect(vendor.country).toBe(row.country);
      expect(vendor.taxId).toMatch(/\S/);
      const length = lengths[row.country];
      if (length === null || length === undefined) {
        expect(vendor.iban, row.country).toBeNull();
      } else {
        expect(vendor.iban?.slice(0, 2)).toBe(row.country);
        expect(vendor.iban, row.country).toHaveLength(length);
        expect(isValidIban(vendor.iban ?? ''), vendor.iban ?? '').toBe(true);
      }
    }
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
