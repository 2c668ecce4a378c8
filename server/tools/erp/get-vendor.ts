/** `erp.get-vendor`: one ERP vendor by vendor number or id. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { NotFoundInSystemError } from './errors.ts';
import { ZRowId, ZVendorNumber } from './invoice.ts';

const ZInput = z
  .object({
    vendorNumber: ZVendorNumber.optional().describe('The vendor number, e.g. V-0042.'),
    id: ZRowId.optional().describe("The vendor's ERP row id."),
  })
  .refine((input) => (input.vendorNumber === undefined) !== (input.id === undefined), {
    message: 'give exactly one of vendorNumber or id',
    path: ['vendorNumber'],
  });

const ZVendor = z.object({
  id: ZRowId,
  vendorNumber: ZVendorNumber,
  name: z.string().min(1),
  status: z.enum(['active', 'on_hold', 'blocked']),
  statusReason: z.string().nullable(),
  paymentTerms: z.enum(['NET15', 'NET30', 'NET45', 'NET60', 'DUE_ON_RECEIPT']),
  currency: z.string().regex(/^[A-Z]{3}$/),
  taxId: z.string().nullable(),
  /** The bank account on record (no spaces); null where the vendor's country has no IBAN. */
  iban: z
    .string()
    .regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/)
    .nullable(),
  email: z.string().nullable(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
});
type TVendor = z.infer<typeof ZVendor>;

interface VendorRow {
  id: string;
  vendor_number: string;
  name: string;
  status: TVendor['status'];
  status_reason: string | null;
  payment_terms: TVendor['paymentTerms'];
  currency: string;
  tax_id: string | null;
  iban: string | null;
  email: string | null;
  country: string | null;
}

/** Reads a vendor's status, payment terms, currency, tax id and bank account. */
export const erpGetVendor = defineTool({
  name: 'erp.get-vendor',
  description:
    'Look up one vendor in the ERP by vendorNumber (e.g. "V-0042") or by id. Use it to check ' +
    'whether a vendor may be paid (status "active", "on_hold" or "blocked", with statusReason) ' +
    'and what it was agreed to bill in (paymentTerms, currency), and its tax id and bank account ' +
    '(taxId, iban: the account on record an invoice must be paid to). Returns the vendor; fails with ' +
    'NotFoundInSystemError if there is no such vendor.',
  input: ZInput,
  output: ZVendor,
  sideEffect: 'read',
  idempotent: true,
  reversible: false,
  timeoutMs: 5_000,
  provenance: {
    keys: { vendorNumber: 'erp.vendor-number', id: 'erp.vendor-id' },
    identifies: { id: 'erp.vendor-id', vendorNumber: 'erp.vendor-number' },
  },
  async run(input, { clients }) {
    const byId = input.id !== undefined;
    const { rows } = await clients.db.query<VendorRow>(
      `SELECT id, vendor_number, name, status, status_reason, payment_terms, currency, tax_id,
              iban, email, country
         FROM erp.vendors WHERE ${byId ? 'id = $1' : 'vendor_number = $1'}`,
      [input.id ?? input.vendorNumber],
    );
    const row = rows[0];
    if (!row) {
      throw new NotFoundInSystemError(
        `There is no ERP vendor with ${byId ? `id ${input.id}` : `number ${input.vendorNumber}`}.`,
      );
    }
    return {
      id: row.id,
      vendorNumber: row.vendor_number,
      name: row.name,
      status: row.status,
      statusReason: row.status_reason,
      paymentTerms: row.payment_terms,
      currency: row.currency,
      taxId: row.tax_id,
      iban: row.iban,
      email: row.email,
      country: row.country,
    };
  },
});
