/** `erp.approve-invoice`: approve a received or held invoice for payment. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { AT_WRITE_TIME } from '../field-changes.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { stateOf, ZRowId } from './invoice.ts';
import {
  changeInvoiceState,
  previewInvoiceState,
  statusChangeOutput,
  ZReason,
} from './invoice-status.ts';

const ZInput = z.object({
  invoiceId: ZRowId.describe("The invoice's ERP row id (from erp.get-invoice)."),
  approvedBy: z.string().trim().min(1).max(200).describe('Who approves: a person or "steward".'),
  reason: ZReason.describe('Why it may be paid, e.g. "3-way match within tolerance".'),
  payToIban: z
    .string()
    .regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/, 'An IBAN in capitals without spaces.')
    .optional()
    .describe(
      "The account to pay, only when the run read it from the vendor's invoice document (its iban field); leave it out otherwise.",
    ),
});

/** Sets an invoice to approved; undone by erp.reopen-invoice with the result's `undo`. */
export const erpApproveInvoice = defineTool({
  name: 'erp.approve-invoice',
  description:
    'Approve one ERP invoice for payment: its status becomes "approved", with approvedAt and ' +
    'approvedBy set and any hold reason cleared. Use it only after the checks passed (vendor ' +
    'active, PO matched, no duplicate). Only "received" or "on_hold" invoices can be approved; ' +
    'others fail with InvoiceStateError. Returns { invoice, previousStatus, reason, undo }; ' +
    'undo is the input of erp.reopen-invoice, which reverses the approval.',
  input: ZInput,
  output: statusChangeOutput('approved'),
  sideEffect: 'write',
  idempotent: true,
  reversible: true,
  compensation: 'erp.reopen-invoice',
  timeoutMs: 10_000,
  provenance: {
    keys: { invoiceId: 'erp.invoice-id' },
    identifies: { 'invoice.id': 'erp.invoice-id' },
    actorFields: ['approvedBy'],
    freeTextFields: ['reason'],
  },
  async preview(input, { clients }) {
    return previewInvoiceState(
      clients.db,
      input.invoiceId,
      ['received', 'on_hold'],
      {
        status: 'approved',
        holdReason: null,
        approvedAt: AT_WRITE_TIME,
        approvedBy: input.approvedBy,
        ...(input.payToIban === undefined ? {} : { payToIban: input.payToIban }),
      },
      'approve',
    );
  },
  async run(input, { clients, idempotencyKey }) {
    return applyOnce(
      clients.db,
      { system: 'erp', tool: 'erp.approve-invoice', idempotencyKey, request: input },
      async (client) => {
        const { before, after } = await changeInvoiceState(
          client,
          input.invoiceId,
          ['received', 'on_hold'],
          {
            status: 'approved',
            holdReason: null,
            approvedAt: new Date().toISOString(),
            approvedBy: input.approvedBy,
            ...(input.payToIban === undefined ? {} : { payToIban: input.payToIban }),
          },
          'approve',
        );
        return {
          invoice: { ...after, status: 'approved' as const },
          previousStatus: before.status,
          reason: input.reason,
          undo: {
            invoiceId: before.id,
            expectedStatus: 'approved' as const,
            restore: stateOf(before),
          },
        };
      },
    );
  },
});
