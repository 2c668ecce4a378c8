/**
 * The invoice approval's subject: the invoice of (vendor number, invoice number), read by the
 * workflow's own code with its vendor, its purchase order and the same vendor's other invoices
 * with that number (the duplicate search keyed by the subject, whatever a plan passes).
 */
import { z } from 'zod';
import type { DocumentEvidence } from '../../documents/evidence.ts';
import {
  subjectIdentifiers,
  type TSubject,
  type TSubjectResolution,
  type TWriteValueSources,
} from '../../planner/subject.ts';
import type { Evidence } from '../../validation/rules.ts';
import type { SubjectTools } from '../subject-step.ts';
import type { TInvoiceApprovalInput } from './input.ts';

export const ZInvoice = z.object({
  id: z.string(),
  invoiceNumber: z.string(),
  vendorNumber: z.string(),
  amount: z.number(),
  currency: z.string(),
  status: z.string(),
  poNumber: z.string().nullable(),
  invoiceDate: z.string().optional(),
});
export const ZVendor = z.object({
  id: z.string(),
  status: z.string(),
  statusReason: z.string().nullable(),
  name: z.string(),
  /** The vendor's account on record; null: none (US and Canadian vendors have no IBAN). */
  iban: z.string().nullable().optional(),
  taxId: z.string().nullable().optional(),
});
export const ZPurchaseOrder = z.object({
  poNumber: z.string(),
  vendorNumber: z.string(),
  total: z.number(),
  currency: z.string(),
  status: z.string(),
});
const ZDuplicate = z.object({
  id: z.string(),
  invoiceNumber: z.string(),
  status: z.string(),
  amount: z.number(),
});
export const ZDuplicates = z.object({ invoices: z.array(ZDuplicate) });

/** What the workflow's code read about the subject. */
export const ZInvoiceFacts = z.object({
  invoice: ZInvoice,
  vendor: ZVendor.nullable(),
  po: ZPurchaseOrder.nullable(),
  duplicates: z.array(ZDuplicate),
});
export type TInvoiceFacts = z.infer<typeof ZInvoiceFacts>;

/** The subject's facts, from the evidence; throws (the rule fails) outside a planned run. */
export function factsOf(evidence: Evidence<TInvoiceApprovalInput>): TInvoiceFacts {
  return ZInvoiceFacts.parse(evidence.subject?.facts);
}

/** Resolves the invoice the input names; an invoice the ERP does not have is turned down. */
export async function resolveInvoiceSubject(
  input: TInvoiceApprovalInput,
  tools: SubjectTools,
): Promise<TSubjectResolution> {
  const found = await tools.read('erp.get-invoice', {
    vendorNumber: input.vendorNumber,
    invoiceNumber: input.invoiceNumber,
  });
  if (found === null) {
    return {
      found: false,
      code: 'invoice-exists',
      message: `Vendor ${input.vendorNumber} has no invoice numbered "${input.invoiceNumber}" in the ERP.`,
    };
  }
  const invoice = ZInvoice.parse(found);
  const vendor = await tools.read('erp.get-vendor', { vendorNumber: invoice.vendorNumber });
  const po = invoice.poNumber
    ? await tools.read('erp.get-purchase-order', { poNumber: invoice.poNumber })
    : null;
  const duplicates = ZDuplicates.parse(
    await tools.read('erp.find-invoices-by-number', {
      invoiceNumber: invoice.invoiceNumber,
      vendorNumber: invoice.vendorNumber,
      excludeInvoiceId: invoice.id,
    }),
  );
  const facts = ZInvoiceFacts.parse({
    invoice,
    vendor: vendor === null ? null : ZVendor.parse(vendor),
    po: po === null ? null : ZPurchaseOrder.parse(po),
    duplicates: duplicates.invoices,
  });
  return {
    found: true,
    subject: {
      label: `invoice ${invoice.invoiceNumber} of vendor ${invoice.vendorNumber}${facts.vendor ? ` (${facts.vendor.name})` : ''}`,
      identifiers: subjectIdentifiers({
        'erp.invoice-id': [invoice.id],
        'erp.invoice-number': [invoice.invoiceNumber],
        'erp.vendor-number': [invoice.vendorNumber],
        'erp.vendor-id': [facts.vendor?.id ?? null],
        'erp.po-number': [invoice.poNumber],
      }),
      facts,
    },
  };
}

/**
 * The approval writes its target, the approver, a reason and, when the run was given one, the
 * account to pay: the IBAN of the input, which for a document run is the IBAN the document
 * says (grounded, or given by a person). The hold writes nothing but its target and a reason.
 */
export function invoiceWriteValues(
  input: TInvoiceApprovalInput,
  _subject: TSubject,
  document: DocumentEvidence | null,
): TWriteValueSources {
  if (input.payToIban === undefined) return {};
  const label = document ? 'IBAN read from the invoice document' : 'IBAN given with the request';
  return {
    'erp.approve-invoice': { payToIban: [{ from: 'input', value: input.payToIban, label }] },
  };
}
