/**
 * Invoice approval (finance): match a vendor invoice to its purchase order and vendor, approve
 * small clean invoices for payment on its own, send the rest to a person, and put duplicates
 * and turned-down invoices on hold with the reason.
 */
import type { PlannedWorkflowSpec } from '../planned-workflow.ts';
import { invoiceDocumentIntake, invoiceDocumentRules } from './document.ts';
import { type TInvoiceApprovalInput, ZInvoiceApprovalInputSchema } from './input.ts';
import { invoiceApprovalPlanning } from './planning.ts';
import { invoiceApprovalRules } from './rules.ts';
import { factsOf, invoiceWriteValues, resolveInvoiceSubject } from './subject.ts';

/** Invoices up to this amount (in their currency) are approved without a person when clean. */
export const AUTO_APPROVE_LIMIT = 5_000;

/** The invoice approval workflow. */
export const invoiceApproval: PlannedWorkflowSpec<TInvoiceApprovalInput> = {
  id: 'invoice-approval',
  version: 1,
  title: 'Invoice approval',
  description:
    'Checks a vendor invoice against its purchase order, its vendor and earlier invoices. A clean ' +
    `invoice up to ${AUTO_APPROVE_LIMIT.toLocaleString('en')} is approved for payment at once; a larger or ` +
    'doubtful one goes to a reviewer; a duplicate is put on hold with the reason.',
  input: ZInvoiceApprovalInputSchema,
  planning: invoiceApprovalPlanning,
  resolveSubject: resolveInvoiceSubject,
  writeValues: invoiceWriteValues,
  unplannedReviewTimeout: '2d',
  rules: [...invoiceApprovalRules, ...invoiceDocumentRules],
  document: invoiceDocumentIntake,
  thresholds: { plan: 0.7 },
  gate: {
    autoApprove(evidence, writes) {
      const { invoice } = factsOf(evidence);
      if (writes.some((write) => write.tool !== 'erp.approve-invoice')) {
        return { allowed: false, reason: 'The plan writes more than the approval.' };
      }
      // A hold is a person's decision (or a rule's, with a reason): only a person lifts it.
      if (evidence.input.payToIban !== undefined && evidence.document === null) {
        return { allowed: false, reason: 'A bank account given by hand is confirmed by a person.' };
      }
      if (invoice.status === 'on_hold') {
        return {
          allowed: false,
          reason: 'The invoice is on hold: only a reviewer may approve it.',
        };
      }
      return invoice.amount <= AUTO_APPROVE_LIMIT
        ? { allowed: true }
        : {
            allowed: false,
            reason: `${invoice.amount.toFixed(2)} ${invoice.currency} is over the ${AUTO_APPROVE_LIMIT} limit for automatic approval.`,
          };
    },
    review: { timeout: '2d', onTimeout: 'escalate', escalationTimeout: '1d' },
  },
  summarize(evidence) {
    // The writes target the subject (the gate proved it), so its facts describe what is written.
    const { invoice, po } = factsOf(evidence);
    const money = (value: number) =>
      `${value.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${invoice.currency}`;
    return {
      title: `${invoice.invoiceNumber} from ${invoice.vendorNumber}`,
      figures: [
        { label: 'Invoice', value: money(invoice.amount) },
        { label: 'PO', value: po === null ? 'none' : money(po.total) },
        ...(po === null ? [] : [{ label: 'Difference', value: money(invoice.amount - po.total) }]),
      ],
    };
  },
  onReject(evidence, reason) {
    // Hold this run's invoice, and only one still waiting: a turn-down never withdraws an
    // approval a person (or an earlier run) made.
    const { invoice } = factsOf(evidence);
    if (invoice.status !== 'received') return null;
    return {
      tool: 'erp.hold-invoice',
      input: { invoiceId: invoice.id, reason: reason.message.slice(0, 500) },
    };
  },
};
