/** `erp.find-invoices-by-number`: invoices carrying the same invoice number, for duplicate checks. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { selectInvoices, ZInvoice, ZRowId, ZVendorNumber } from './invoice.ts';

/** How many invoices one search returns at most. */
const LIMIT = 50;

/** The match key: upper case, letters and digits only ("inv-0042 " and "INV0042" match). */
export function normalizeInvoiceNumber(invoiceNumber: string): string {
  return invoiceNumber.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

const ZInput = z.object({
  invoiceNumber: z
    .string()
    .trim()
    .min(1)
    .refine((value) => normalizeInvoiceNumber(value) !== '', 'must contain a letter or digit')
    .describe('The invoice number to look for; case, spaces and punctuation are ignored.'),
  vendorNumber: ZVendorNumber.optional().describe(
    "Only this vendor's invoices (e.g. V-0042); omit to search across all vendors.",
  ),
  excludeInvoiceId: ZRowId.optional().describe(
    'Leave this invoice out, typically the one being checked for duplicates.',
  ),
});

const ZOutput = z.object({
  normalizedNumber: z.string().min(1),
  invoices: z.array(ZInvoice).max(LIMIT),
});

/** Finds invoices whose number matches, ignoring case and punctuation. */
export const erpFindInvoicesByNumber = defineTool({
  name: 'erp.find-invoices-by-number',
  description:
    'Find ERP invoices with the same invoice number, ignoring case, spaces and punctuation, ' +
    'within one vendor (vendorNumber) or across all vendors. Use it for the duplicate-invoice ' +
    'check before approving: pass excludeInvoiceId to leave out the invoice being checked. ' +
    `Returns { normalizedNumber, invoices } (at most ${LIMIT}, oldest first); an empty list ` +
    'means no other invoice carries that number.',
  input: ZInput,
  output: ZOutput,
  sideEffect: 'read',
  idempotent: true,
  reversible: false,
  timeoutMs: 5_000,
  provenance: {
    keys: {
      invoiceNumber: 'erp.invoice-number',
      vendorNumber: 'erp.vendor-number',
      excludeInvoiceId: 'erp.invoice-id',
    },
    // Without the vendor it searches every vendor's invoices.
    requiredKeys: ['vendorNumber'],
    search: true,
  },
  async run(input, { clients }) {
    const normalizedNumber = normalizeInvoiceNumber(input.invoiceNumber);
    const invoices = await selectInvoices(
      clients.db,
      `WHERE regexp_replace(upper(i.invoice_number), '[^A-Z0-9]', '', 'g') = $1
         AND ($2::text IS NULL OR v.vendor_number = $2)
         AND ($3::uuid IS NULL OR i.id <> $3)
       ORDER BY i.received_at, i.id LIMIT ${LIMIT}`,
      [normalizedNumber, input.vendorNumber ?? null, input.excludeInvoiceId ?? null],
    );
    return { normalizedNumber, invoices };
  },
});
