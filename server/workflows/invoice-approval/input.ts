/** What a requester submits to have a vendor invoice checked and approved. */
import { z } from 'zod';

/** The input of the invoice approval workflow: which invoice, and an optional note. */
export const ZInvoiceApprovalInputSchema = z.object({
  vendorNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^V-[0-9]{4,}$/, 'A vendor number looks like V-1042.')
    .describe('The ERP number of the vendor who sent the invoice, e.g. V-1042.'),
  invoiceNumber: z
    .string()
    .trim()
    .min(1, 'Give the invoice number.')
    .max(100, 'An invoice number has at most 100 characters.')
    .describe("The invoice number exactly as printed on the vendor's invoice, e.g. INV-20417."),
  note: z
    .string()
    .trim()
    .max(2000, 'Keep the note under 2000 characters.')
    .optional()
    .describe('Anything the approver should know, e.g. "Goods arrived damaged". Optional.'),
});

/** A parsed invoice approval input. */
export type TInvoiceApprovalInput = z.infer<typeof ZInvoiceApprovalInputSchema>;
