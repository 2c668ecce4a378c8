/**
 * What the invoice status tools share: the result of a status change, which carries the input
 * of its compensation (`undo`, the input of erp.reopen-invoice), and the UPDATE that sets a state.
 */
import type pg from 'pg';
import { z } from 'zod';
import { InvoiceStateError } from './errors.ts';
import {
  lockInvoice,
  type TInvoice,
  type TInvoiceState,
  type TInvoiceStatus,
  ZInvoice,
  ZInvoiceState,
  ZInvoiceStatus,
  ZRowId,
} from './invoice.ts';

/** The input of erp.reopen-invoice: which invoice, the status it must still have, what to restore. */
export const ZUndo = z.object({
  invoiceId: ZRowId.describe('The invoice to restore.'),
  expectedStatus: ZInvoiceStatus.describe(
    'The status the change being undone set; if the invoice has moved on since, nothing is restored.',
  ),
  restore: ZInvoiceState.describe('The status and fields the invoice had before the change.'),
});
export type TUndo = z.infer<typeof ZUndo>;

/** The output of a status change to `status`: the invoice after it, what it was, and the undo. */
export function statusChangeOutput<TStatus extends TInvoiceStatus>(status: TStatus) {
  return z.object({
    invoice: ZInvoice.extend({ status: z.literal(status) }),
    previousStatus: ZInvoiceStatus,
    reason: z.string().min(1),
    undo: ZUndo.extend({ expectedStatus: z.literal(status) }),
  });
}

/** A free-text reason a person will read in the ERP's audit trail. */
export const ZReason = z.string().trim().min(3).max(500);

/**
 * Locks the invoice, refuses unless its status is one of `from`, sets `next` and returns the
 * invoice before and after. Runs inside applyOnce's transaction.
 */
export async function changeInvoiceState(
  client: pg.PoolClient,
  invoiceId: string,
  from: readonly TInvoiceStatus[],
  next: TInvoiceState,
  action: string,
): Promise<{ before: TInvoice; after: TInvoice }> {
  const before = await lockInvoice(client, invoiceId);
  if (!from.includes(before.status)) {
    throw new InvoiceStateError(
      `Cannot ${action} invoice ${before.invoiceNumber} of ${before.vendorNumber}: it is ` +
        `"${before.status}", and only ${from.map((status) => `"${status}"`).join(' or ')} invoices can be changed this way.`,
    );
  }
  await client.query(
    `UPDATE erp.invoices
        SET status = $2, hold_reason = $3, approved_at = $4::timestamptz, approved_by = $5,
            updated_at = now()
      WHERE id = $1`,
    [invoiceId, next.status, next.holdReason, next.approvedAt, next.approvedBy],
  );
  return { before, after: await lockInvoice(client, invoiceId) };
}
