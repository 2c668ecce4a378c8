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
  payToIban: z
    .string()
    .transform((value) => value.replace(/\s+/g, '').toUpperCase())
    .pipe(
      z
        .string()
        .regex(
          /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/,
          'An IBAN looks like DE89 3704 0044 0532 0130 00.',
        ),
    )
    .optional()
    .describe(
      "The bank account printed on the invoice, if it should be recorded with the approval. Checked against the vendor's account on record. Optional.",
    ),
  note: z
    .string()
    .trim()
    .max(2000, 'Keep the note under 2000 characters.')
    .optional()
    .describe('Anything the approver should know, e.g. "Goods arrived damaged". Optional.'),
});

/** A parsed invoice approval input. */
export type TInvoiceApprovalInput = z.infer<typeof ZInvoiceApprovalInputSchema>;

/** A run handed the vendor's invoice as a document: the fields come from it, the note from you. */
export const ZInvoiceDocumentInputSchema = z.object({
  documentId: z.uuid('Upload the invoice first; its id is a UUID.'),
  note: z
    .string()
    .trim()
    .max(2000, 'Keep the note under 2000 characters.')
    .optional()
    .describe('Anything the approver should know. Optional.'),
});
