/** `erp.reopen-invoice`: the compensation of erp.approve-invoice and erp.hold-invoice. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { ZInvoice, ZInvoiceStatus } from './invoice.ts';
import { changeInvoiceState, previewInvoiceState, ZUndo } from './invoice-status.ts';

/** Restores an invoice's status and fields from before an approval or hold. */
export const erpReopenInvoice = defineTool({
  name: 'erp.reopen-invoice',
  description:
    'Undo an erp.approve-invoice or erp.hold-invoice: pass that result\'s "undo" object as the ' +
    'input. The invoice gets back the status, holdReason and approval it had before, provided ' +
    'it still has the status the change set (expectedStatus); if it has moved on since (e.g. ' +
    'paid), nothing changes and it fails with InvoiceStateError. Returns { invoice, ' +
    'restoredStatus }. It is itself not reversible.',
  input: ZUndo,
  output: z.object({ invoice: ZInvoice, restoredStatus: ZInvoiceStatus }),
  sideEffect: 'write',
  idempotent: true,
  reversible: false,
  timeoutMs: 10_000,
  async preview(input, { clients }) {
    return previewInvoiceState(
      clients.db,
      input.invoiceId,
      [input.expectedStatus],
      input.restore,
      'reopen',
    );
  },
  async run(input, { clients, idempotencyKey }) {
    return applyOnce(
      clients.db,
      { system: 'erp', tool: 'erp.reopen-invoice', idempotencyKey, request: input },
      async (client) => {
        const { after } = await changeInvoiceState(
          client,
          input.invoiceId,
          [input.expectedStatus],
          input.restore,
          'reopen',
        );
        return { invoice: after, restoredStatus: input.restore.status };
      },
    );
  },
});
