/**
 * The invoice approval rules: the invoice exists and awaits approval, its vendor may be paid, it
 * bills an open purchase order of the same vendor and currency within tolerance, and its number
 * was not paid before (a duplicate is turned down, not reviewed). Each rule holds for the
 * subject as the workflow's own code read it AND for every read of the plan: a rule about "the
 * invoice" holds for every invoice the plan read.
 */
import { defineRule, type Evidence } from '../../validation/rules.ts';
import type { TInvoiceApprovalInput } from './input.ts';
import { factsOf, ZDuplicates, ZInvoice, ZPurchaseOrder, ZVendor } from './subject.ts';

/** How far the invoice may differ from its purchase order: 1%, at least one unit of currency. */
export const AMOUNT_TOLERANCE = { ratio: 0.01, minimum: 1 };

type TEvidence = Evidence<TInvoiceApprovalInput>;

/** The subject's invoice, then every invoice the plan read. */
const invoicesOf = (evidence: TEvidence) => [
  factsOf(evidence).invoice,
  ...evidence.all('erp.get-invoice').map((read) => ZInvoice.parse(read)),
];
/** The subject's vendor (null: the ERP has none), then every vendor the plan read. */
const vendorsOf = (evidence: TEvidence) => [
  factsOf(evidence).vendor,
  ...evidence.all('erp.get-vendor').map((read) => ZVendor.parse(read)),
];
/** The subject's purchase order (null: none), then every one the plan read. */
const posOf = (evidence: TEvidence) => [
  factsOf(evidence).po,
  ...evidence.all('erp.get-purchase-order').map((read) => ZPurchaseOrder.parse(read)),
];

const money = (value: number) => value.toFixed(2);

/** The rules, in the order a reviewer reads them. */
export const invoiceApprovalRules = [
  defineRule<TInvoiceApprovalInput>({
    name: 'awaiting-approval',
    message: 'Only a received or held invoice can be approved.',
    severity: 'error',
    onFail: 'reject',
    check(evidence) {
      const other = invoicesOf(evidence).find(
        (invoice) => invoice.status !== 'received' && invoice.status !== 'on_hold',
      );
      return other === undefined
        ? { passed: true }
        : {
            passed: false,
            message: `The invoice is already ${other.status}.`,
            details: { status: other.status },
          };
    },
  }),
  defineRule<TInvoiceApprovalInput>({
    name: 'no-duplicate',
    message: 'An invoice number is paid once per vendor.',
    severity: 'error',
    onFail: 'reject',
    check(evidence) {
      const facts = factsOf(evidence);
      // The workflow's own search, keyed by the subject, and every search the plan made.
      const found = [
        ...facts.duplicates,
        ...evidence
          .all('erp.find-invoices-by-number')
          .flatMap((read) => ZDuplicates.parse(read).invoices),
      ].filter((invoice) => invoice.id !== facts.invoice.id);
      const invoices = [...new Map(found.map((invoice) => [invoice.id, invoice])).values()];
      if (invoices.length === 0) return { passed: true };
      const numbers = invoices.map((invoice) => `${invoice.invoiceNumber} (${invoice.status})`);
      return {
        passed: false,
        message: `Possible duplicate of ${numbers.join(', ')} from the same vendor.`,
        details: { duplicates: numbers },
      };
    },
  }),
  defineRule<TInvoiceApprovalInput>({
    name: 'vendor-active',
    message: 'Only an active vendor may be paid.',
    severity: 'error',
    check(evidence) {
      const vendors = vendorsOf(evidence);
      const vendor = vendors.find(
        (candidate) => candidate === null || candidate.status !== 'active',
      );
      if (vendor === null) return { passed: false, message: 'The ERP has no such vendor.' };
      return vendor === undefined
        ? { passed: true }
        : {
            passed: false,
            message: `Vendor ${vendor.name} is ${vendor.status.replace('_', ' ')}${vendor.statusReason ? `: ${vendor.statusReason}` : ''}.`,
            details: { status: vendor.status },
          };
    },
  }),
  defineRule<TInvoiceApprovalInput>({
    name: 'po-matched',
    message: 'The invoice bills an open purchase order of the same vendor and currency.',
    severity: 'error',
    check(evidence) {
      const { invoice } = factsOf(evidence);
      const pos = posOf(evidence);
      const po = pos[0];
      if (!po) return { passed: false, message: 'The invoice names no purchase order.' };
      // Every read of the invoice must bill the same PO: one re-linked (or unlinked) while the
      // run checked it is not the invoice that was matched.
      const relinked = invoicesOf(evidence)
        .filter((read) => read.poNumber !== po.poNumber)
        .map((read) => `the invoice now bills ${read.poNumber ?? 'no purchase order'}`);
      const problems = pos.flatMap((candidate) =>
        [
          candidate === null && 'the invoice names no purchase order',
          candidate &&
            candidate.poNumber !== po.poNumber &&
            `the plan read another PO (${candidate.poNumber})`,
          candidate &&
            candidate.vendorNumber !== invoice.vendorNumber &&
            `the PO is from ${candidate.vendorNumber}`,
          candidate &&
            candidate.currency !== invoice.currency &&
            `the PO is in ${candidate.currency}, the invoice in ${invoice.currency}`,
          candidate &&
            ['cancelled', 'draft'].includes(candidate.status) &&
            `the PO is ${candidate.status}`,
        ].filter((problem): problem is string => typeof problem === 'string'),
      );
      problems.push(...new Set(relinked));
      return problems.length === 0
        ? { passed: true, details: { poNumber: po.poNumber } }
        : {
            passed: false,
            message: `PO ${po.poNumber}: ${problems.join('; ')}.`,
            details: { poNumber: po.poNumber },
          };
    },
  }),
  defineRule<TInvoiceApprovalInput>({
    name: 'amount-within-tolerance',
    message: 'The invoice amount matches its purchase order within 1%.',
    severity: 'error',
    check(evidence) {
      const { invoice, po } = factsOf(evidence);
      if (!po) return { passed: false, message: 'No purchase order to compare the amount with.' };
      const difference = Math.round((invoice.amount - po.total) * 100) / 100;
      const allowed = Math.max(AMOUNT_TOLERANCE.minimum, po.total * AMOUNT_TOLERANCE.ratio);
      const details = {
        invoice: invoice.amount,
        po: po.total,
        difference,
        allowed: Math.round(allowed * 100) / 100,
      };
      return Math.abs(difference) <= allowed
        ? { passed: true, details }
        : {
            passed: false,
            message: `Invoice ${money(invoice.amount)} vs PO ${money(po.total)} ${invoice.currency}: ${money(difference)} off, ${money(allowed)} allowed.`,
            details,
          };
    },
  }),
];
