/**
 * Invoice approval from the vendor's invoice itself (a PDF or an e-mail): the model step reads
 * it, code grounds every field, and these cross-checks hold the document against the ERP before
 * anything is approved: the vendor on the letterhead is the vendor of the supplier number, the
 * total and currency are the invoice's, the PO is the invoice's, the date matches, and the bank
 * account to pay is the vendor's account on record (another account is the classic payment
 * fraud: always a person, at high risk).
 */

import { defineRule, type Evidence, withDocument } from '../../validation/rules.ts';
import type { DocumentIntake } from '../document-stage.ts';
import { type TInvoiceApprovalInput, ZInvoiceDocumentInputSchema } from './input.ts';
import { factsOf } from './subject.ts';

/** How an invoice document becomes the workflow's input. */
export const invoiceDocumentIntake: DocumentIntake = {
  tool: 'documents.read-invoice',
  input: ZInvoiceDocumentInputSchema,
  toInput(values, documentInput) {
    return {
      vendorNumber: values.vendorNumber,
      invoiceNumber: values.invoiceNumber,
      ...(values.iban === null ? {} : { payToIban: values.iban }),
      ...(typeof documentInput.note === 'string' ? { note: documentInput.note } : {}),
    };
  },
};

type TEvidence = Evidence<TInvoiceApprovalInput>;

const LEGAL_FORMS =
  /\b(gmbh|ag|kg|ohg|ug|e\.?k|ltd|limited|inc|incorporated|llc|plc|corp|co|company|bv|b\.v|nv|n\.v|sa|s\.a|sas|sarl|s\.a\.r\.l|srl|spa|s\.p\.a|ab|as|a\/s|oy|sl|s\.l)\b\.?/g;

/** A company name without legal form, punctuation and case: "ACME GmbH." → "acme". */
export function comparableName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(LEGAL_FORMS, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A tax id without spaces, dots and dashes, upper-cased. */
const comparableTaxId = (value: string) => value.replace(/[\s.\-/]/g, '').toUpperCase();

function documentValue(evidence: TEvidence, field: string): string | number | null {
  return evidence.document?.values[field] ?? null;
}

const money = (value: number) => value.toFixed(2);

/** The cross-checks of an invoice document against the ERP; each passes for typed runs. */
export const invoiceDocumentRules = [
  defineRule<TInvoiceApprovalInput>({
    name: 'document-vendor',
    message: "The invoice's letterhead must be the vendor of its supplier number.",
    severity: 'error',
    appliesTo: withDocument,
    check(evidence) {
      const { vendor } = factsOf(evidence);
      const name = documentValue(evidence, 'vendorName');
      const taxId = documentValue(evidence, 'vendorTaxId');
      if (vendor === null)
        return { passed: false, message: 'The ERP has no vendor for this supplier number.' };
      const problems: string[] = [];
      if (typeof name === 'string') {
        const [a, b] = [comparableName(name), comparableName(vendor.name)];
        if (a === '' || b === '' || !(a === b || a.includes(b) || b.includes(a))) {
          problems.push(`the document is from "${name}", the supplier number is ${vendor.name}'s`);
        }
      }
      if (
        typeof taxId === 'string' &&
        vendor.taxId &&
        comparableTaxId(taxId) !== comparableTaxId(vendor.taxId)
      ) {
        problems.push(`its tax id ${taxId} is not ${vendor.name}'s (${vendor.taxId})`);
      }
      return problems.length === 0
        ? { passed: true }
        : {
            passed: false,
            message: `Another vendor's invoice? ${problems.join('; ')}.`,
            details: {
              documentVendor: name,
              documentTaxId: taxId,
              vendor: vendor.name,
              vendorTaxId: vendor.taxId ?? null,
            },
          };
    },
  }),
  defineRule<TInvoiceApprovalInput>({
    name: 'document-amount',
    message: 'The total on the invoice must be the amount and currency the ERP holds.',
    severity: 'error',
    appliesTo: withDocument,
    check(evidence) {
      const { invoice } = factsOf(evidence);
      const amount = documentValue(evidence, 'amount');
      const currency = documentValue(evidence, 'currency');
      const sameAmount =
        typeof amount === 'number' && Math.round(amount * 100) === Math.round(invoice.amount * 100);
      const sameCurrency = currency === invoice.currency;
      return sameAmount && sameCurrency
        ? { passed: true }
        : {
            passed: false,
            message: `The document says ${typeof amount === 'number' ? money(amount) : amount} ${currency ?? ''}, the ERP ${money(invoice.amount)} ${invoice.currency}.`,
            details: {
              document: `${amount} ${currency}`,
              erp: `${money(invoice.amount)} ${invoice.currency}`,
            },
          };
    },
  }),
  defineRule<TInvoiceApprovalInput>({
    name: 'document-purchase-order',
    message: 'The PO number on the invoice must be the PO the ERP invoice bills.',
    severity: 'error',
    appliesTo: withDocument,
    check(evidence) {
      const { invoice } = factsOf(evidence);
      const poNumber = documentValue(evidence, 'poNumber');
      if (poNumber === null || poNumber === invoice.poNumber) return { passed: true };
      return {
        passed: false,
        message: `The document names ${poNumber}, the ERP invoice bills ${invoice.poNumber ?? 'no PO'}.`,
        details: { document: poNumber, erp: invoice.poNumber },
      };
    },
  }),
  defineRule<TInvoiceApprovalInput>({
    name: 'document-date',
    message: 'The invoice date on the document must be the one the ERP holds.',
    severity: 'warning',
    appliesTo: withDocument,
    check(evidence) {
      const { invoice } = factsOf(evidence);
      const date = documentValue(evidence, 'invoiceDate');
      return date === invoice.invoiceDate
        ? { passed: true }
        : {
            passed: false,
            message: `The document is dated ${date}, the ERP invoice ${invoice.invoiceDate}.`,
            details: { document: date, erp: invoice.invoiceDate ?? null },
          };
    },
  }),
  defineRule<TInvoiceApprovalInput>({
    name: 'bank-details',
    message: "The account to pay must be the vendor's account on record.",
    severity: 'error',
    appliesTo: (evidence) => evidence.input.payToIban !== undefined,
    check(evidence) {
      const iban = evidence.input.payToIban ?? null;
      const { vendor } = factsOf(evidence);
      const onRecord = vendor?.iban ?? null;
      if (iban === null || onRecord === iban) return { passed: true };
      return {
        passed: false,
        message:
          onRecord === null
            ? `Pay to ${iban}? The vendor has no account on record: confirm it with the vendor by phone before approving.`
            : `Pay to ${iban}? The vendor's account on record is ${onRecord}: bank details that change on an invoice are the classic payment fraud.`,
        details: { invoice: iban, onRecord },
      };
    },
  }),
];
