/**
 * The invoice approval rules: the invoice exists and awaits approval, its vendor may be paid, it
 * bills an open purchase order of the same vendor and currency within tolerance, and its number
 * was not paid before (a duplicate is turned down, not reviewed).
 */
import { z } from 'zod';
import { defineRule, type Evidence } from '../../validation/rules.ts';
import type { TInvoiceApprovalInput } from './input.ts';

/** How far the invoice may differ from its purchase order: 1%, at least one unit of currency. */
export const AMOUNT_TOLERANCE = { ratio: 0.01, minimum: 1 };

const ZInvoice = z.object({
  id: z.string(),
  invoiceNumber: z.string(),
  vendorNumber: z.string(),
  amount: z.number(),
  currency: z.string(),
  status: z.string(),
  poNumber: z.string().nullable(),
});
const ZVendor = z.object({
  status: z.string(),
  statusReason: z.string().nullable(),
  name: z.string(),
});
const ZPurchaseOrder = z.object({
  poNumber: z.string(),
  vendorNumber: z.string(),
  total: z.number(),
  currency: z.string(),
  status: z.string(),
});
const ZDuplicates = z.object({
  invoices: z.array(
    z.object({ invoiceNumber: z.string(), status: z.string(), amount: z.number() }),
  ),
});

type TEvidence = Evidence<TInvoiceApprovalInput>;

/** The invoice read, parsed; throws (the rule fails) when the plan did not read it. */
export function invoiceOf(evidence: TEvidence) {
  return ZInvoice.parse(evidence.output('erp.get-invoice'));
}
const vendorOf = (evidence: TEvidence) => ZVendor.parse(evidence.output('erp.get-vendor'));
const poOf = (evidence: TEvidence) => {
  const read = evidence.output('erp.get-purchase-order');
  return read === null || read === undefined ? null : ZPurchaseOrder.parse(read);
};

const money = (value: number) => value.toFixed(2);

/** The rules, in the order a reviewer reads them. */
export const invoiceApprovalRules = [
  defineRule<TInvoiceApprovalInput>({
    name: 'awaiting-approval',
    message: 'Only a received or held invoice can be approved.',
    severity: 'error',
    onFail: 'reject',
    check(evidence) {
      const invoice = invoiceOf(evidence);
      const passed = invoice.status === 'received' || invoice.status === 'on_hold';
      return passed
        ? { passed }
        : {
            passed,
            message: `The invoice is already ${invoice.status}.`,
            details: { status: invoice.status },
          };
    },
  }),
  defineRule<TInvoiceApprovalInput>({
    name: 'no-duplicate',
    message: 'An invoice number is paid once per vendor.',
    severity: 'error',
    onFail: 'reject',
    check(evidence) {
      const { invoices } = ZDuplicates.parse(evidence.output('erp.find-invoices-by-number'));
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
      const vendor = vendorOf(evidence);
      return vendor.status === 'active'
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
      const invoice = invoiceOf(evidence);
      const po = poOf(evidence);
      if (!po) return { passed: false, message: 'The invoice names no purchase order.' };
      const problems = [
        po.vendorNumber !== invoice.vendorNumber && `the PO is from ${po.vendorNumber}`,
        po.currency !== invoice.currency &&
          `the PO is in ${po.currency}, the invoice in ${invoice.currency}`,
        ['cancelled', 'draft'].includes(po.status) && `the PO is ${po.status}`,
      ].filter((problem): problem is string => typeof problem === 'string');
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
      const invoice = invoiceOf(evidence);
      const po = poOf(evidence);
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
