/**
 * Invoice approval from the vendor's invoice itself (a PDF or an e-mail): the model step reads
 * it, code grounds every field, and these cross-checks hold the document against the ERP before
 * anything is approved: the vendor on the letterhead is the vendor of the supplier number, the
 * total and currency are the invoice's, the PO is the invoice's, the date matches, and the bank
 * account to pay is the vendor's account on record (another account is the classic payment
 * fraud: always a person, at high risk).
 */
import { parseFieldValue } from '../../documents/field-values.ts';
import { readCurrencies } from '../../documents/values/currencies.ts';
import {
  defineRule,
  type Evidence,
  type RuleVerdict,
  withDocument,
} from '../../validation/rules.ts';
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

/**
 * A company name without legal form, accents, punctuation and case: "ACME GmbH." → "acme".
 * Letters of other scripts stay as they are, so a look-alike (a Cyrillic "А") is another name.
 */
export function comparableName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(LEGAL_FORMS, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * What makes a document not a bill to pay, in the languages vendors write in: a credit note, a
 * cancellation, a reminder of something paid, "do not pay".
 */
const NOT_A_BILL =
  /(?<![\p{L}])(credit ?(?:note|memo)\p{L}*|cancel(?:ed|led|lation|s)?|void(?:ed)?|storniert|stornorechnung|storno|stornierung (?:der|unserer|von|zur|zu)|gutschrift\p{L}*|nicht (?:be)?zahlen|nicht (?:über)?weisen|nicht überweisen|do not pay|don't pay|avoir|annul\p{L}*|ne pas payer|creditnota\p{L}*|creditfactuur\p{L}*|niet betalen|nota de cr[ée]dito|factura rectificativa|anulad\p{L}*|anulaci[óo]n|no pagar|nota di credito|ersetzt (?:unsere|die) rechnung|replaces (?:our |the )?invoice|remplace (?:notre |la )?facture|vervangt (?:onze |de )?factuur|sustituye (?:a )?(?:nuestra |la )?factura|zahlungseingang|payment received|zahlung[\p{L}\s,.]{0,60}erhalten|ausgeglichen|(?:paiement|règlement) reçu|betaling ontvangen|pago recibido|quittung|receipt)(?![\p{L}])/iu;

/** IBANs as a document prints them: grouped by spaces or not, any case. */
const PRINTED_IBANS =
  /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?:[ \u00a0]?[A-Za-z0-9]{1,4}){3,8}(?![\p{L}\p{N}])/gu;

/** Purchase order numbers as the ERP writes them. */
const PO_NUMBERS = /(?<![\p{L}\p{N}])PO-\d{5,}(?![\p{N}])/gu;

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
        if (a === '' || a !== b) {
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
    check(evidence): RuleVerdict {
      const { invoice } = factsOf(evidence);
      const amount = documentValue(evidence, 'amount');
      const currency = documentValue(evidence, 'currency');
      const sameAmount =
        typeof amount === 'number' && Math.round(amount * 100) === Math.round(invoice.amount * 100);
      const sameCurrency = currency === invoice.currency;
      // The currency the total is written in, on its own line, is the one read.
      const written: string[] = (evidence.document?.quoteLines.amount ?? []).flatMap((line) =>
        readCurrencies(line),
      );
      const otherCurrency = written.length > 0 && !written.includes(String(currency));
      if (sameAmount && sameCurrency && otherCurrency) {
        return {
          passed: false,
          message: `The total is written in ${[...new Set(written)].join('/')}, the currency read is ${currency}.`,
          details: { written: [...new Set(written)], read: String(currency) },
        };
      }
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
    message: 'The PO numbers on the invoice must be the PO the ERP invoice bills.',
    severity: 'error',
    appliesTo: withDocument,
    check(evidence) {
      const { invoice } = factsOf(evidence);
      const read = documentValue(evidence, 'poNumber');
      // Every PO number the document prints counts, read or not: leaving it out hides nothing.
      const printed = [...(evidence.document?.text ?? '').matchAll(PO_NUMBERS)].map((m) => m[0]);
      const named = [...new Set([...(read === null ? [] : [String(read)]), ...printed])];
      const others = named.filter((number) => number !== invoice.poNumber);
      if (others.length === 0) return { passed: true };
      return {
        passed: false,
        message: `The document names ${others.join(', ')}, the ERP invoice bills ${invoice.poNumber ?? 'no PO'}.`,
        details: { document: named, erp: invoice.poNumber },
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
    name: 'document-kind',
    message: 'The document must be a bill to pay, not a credit note, a cancellation or a notice.',
    severity: 'error',
    appliesTo: withDocument,
    check(evidence) {
      const match = NOT_A_BILL.exec(evidence.document?.text ?? '');
      return match === null
        ? { passed: true }
        : {
            passed: false,
            message: `The document says "${match[0]}": is it a bill to pay at all?`,
            details: { says: match[0] },
          };
    },
  }),
  defineRule<TInvoiceApprovalInput>({
    name: 'bank-details',
    message:
      "The account to pay must be the vendor's account on record, and the only one the invoice gives.",
    severity: 'error',
    appliesTo: (evidence) => evidence.input.payToIban !== undefined || evidence.document !== null,
    check(evidence): RuleVerdict {
      const iban = evidence.input.payToIban ?? null;
      const { vendor } = factsOf(evidence);
      const onRecord = vendor?.iban ?? null;
      // Every valid IBAN the document prints counts, read or not: an invoice that asks to be
      // paid elsewhere says so even when the reading leaves the account out.
      const printed = [...(evidence.document?.text ?? '').matchAll(PRINTED_IBANS)]
        .map((match) => match[0].replace(/[\s\u00a0]/g, '').toUpperCase())
        .filter((candidate) => parseFieldValue('iban', candidate).ok);
      const accounts = [...new Set([...(iban === null ? [] : [iban]), ...printed])];
      const others = accounts.filter((account) => account !== onRecord);
      if (others.length === 0) return { passed: true };
      return {
        passed: false,
        message:
          onRecord === null
            ? `Pay to ${others.join(' or ')}? The vendor has no account on record: confirm it with the vendor by phone before approving.`
            : `Pay to ${others.join(' or ')}? The vendor's account on record is ${onRecord}: bank details that change on an invoice are the classic payment fraud.`,
        details: { accounts: others, onRecord },
      };
    },
  }),
];
