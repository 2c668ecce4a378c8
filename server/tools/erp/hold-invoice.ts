/** `erp.hold-invoice`: put an invoice on hold so it is not paid. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
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
  reason: ZReason.describe(
    'Why it must not be paid yet, e.g. "Possible duplicate of INV-1042"; shown in the ERP.',
  ),
});

/** Sets an invoice on hold with a reason; undone by erp.reopen-invoice with the result's `undo`. */
export const erpHoldInvoice = defineTool({
  name: 'erp.hold-invoice',
  description:
    'Put one ERP invoice on hold: its status becomes "on_hold" with the reason as holdReason, ' +
    'and any approval is withdrawn. Use it when a check fails (possible duplicate, PO mismatch, ' +
    'vendor not active). Only "received" or "approved" invoices can be held; others fail with ' +
    'InvoiceStateError. Returns { invoice, previousStatus, reason, undo }; undo is the input of ' +
    'erp.reopen-invoice, which lifts the hold and restores the previous state.',
  input: ZInput,
  output: statusChangeOutput('on_hold'),
  sideEffect: 'write',
  idempotent: true,
  reversible: true,
  compensation: 'erp.reopen-invoice',
  timeoutMs: 10_000,
  provenance: {
    keys: { invoiceId: 'erp.invoice-id' },
    identifies: { 'invoice.id': 'erp.invoice-id' },
    freeTextFields: ['reason'],
  },
  async preview(input, { clients }) {
    return previewInvoiceState(
      clients.db,
      input.invoiceId,
      ['received', 'approved'],
      { status: 'on_hold', holdReason: input.reason, approvedAt: null, approvedBy: null },
      'hold',
    );
  },
  async run(input, { clients, idempotencyKey }) {
    return applyOnce(
      clients.db,
      { system: 'erp', tool: 'erp.hold-invoice', idempotencyKey, request: input },
      async (client) => {
        const { before, after } = await changeInvoiceState(
          client,
          input.invoiceId,
          ['received', 'approved'],
          { status: 'on_hold', holdReason: input.reason, approvedAt: null, approvedBy: null },
          'hold',
        );
        return {
          invoice: { ...after, status: 'on_hold' as const },
          previousStatus: before.status,
          reason: input.reason,
          undo: {
            invoiceId: before.id,
            expectedStatus: 'on_hold' as const,
            restore: stateOf(before),
          },
        };
      },
    );
  },
});
