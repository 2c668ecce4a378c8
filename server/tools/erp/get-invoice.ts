/** `erp.get-invoice`: one ERP invoice by vendor and invoice number, or by id. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { NotFoundInSystemError } from './errors.ts';
import { selectInvoices, ZInvoice, ZRowId, ZVendorNumber } from './invoice.ts';

const ZInput = z
  .object({
    id: ZRowId.optional().describe("The invoice's ERP row id."),
    vendorNumber: ZVendorNumber.optional().describe('The issuing vendor, e.g. V-0042.'),
    invoiceNumber: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe("The vendor's invoice number, exactly as in the ERP."),
  })
  .superRefine((input, context) => {
    if (input.id !== undefined) {
      if (input.vendorNumber !== undefined || input.invoiceNumber !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['id'],
          message: 'give either id or vendorNumber with invoiceNumber, not both',
        });
      }
      return;
    }
    for (const field of ['vendorNumber', 'invoiceNumber'] as const) {
      if (input[field] === undefined) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} is required when no id is given`,
        });
      }
    }
  });

/** Reads an invoice: amount, currency, status, its PO and any hold reason. */
export const erpGetInvoice = defineTool({
  name: 'erp.get-invoice',
  description:
    'Look up one vendor invoice in the ERP, by id or by vendorNumber plus invoiceNumber. Use it ' +
    'to see an invoice before matching, approving or holding it. Returns amount, currency, ' +
    'status ("received", "approved", "on_hold", "paid" or "rejected"), holdReason, approval ' +
    'details, dates and the purchase order it bills (poNumber, or null). Fails with ' +
    'NotFoundInSystemError if there is no such invoice.',
  input: ZInput,
  output: ZInvoice,
  sideEffect: 'read',
  idempotent: true,
  reversible: false,
  timeoutMs: 5_000,
  provenance: {
    keys: {
      id: 'erp.invoice-id',
      vendorNumber: 'erp.vendor-number',
      invoiceNumber: 'erp.invoice-number',
    },
    identifies: {
      id: 'erp.invoice-id',
      vendorNumber: 'erp.vendor-number',
      invoiceNumber: 'erp.invoice-number',
      poNumber: 'erp.po-number',
    },
  },
  async run(input, { clients }) {
    const [invoice] =
      input.id !== undefined
        ? await selectInvoices(clients.db, 'WHERE i.id = $1', [input.id])
        : await selectInvoices(clients.db, 'WHERE v.vendor_number = $1 AND i.invoice_number = $2', [
            input.vendorNumber,
            input.invoiceNumber,
          ]);
    if (!invoice) {
      throw new NotFoundInSystemError(
        input.id !== undefined
          ? `There is no ERP invoice with id ${input.id}.`
          : `Vendor ${input.vendorNumber} has no ERP invoice numbered "${input.invoiceNumber}".`,
      );
    }
    return invoice;
  },
});
