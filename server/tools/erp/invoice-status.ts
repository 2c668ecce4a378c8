/**
 * What the invoice status tools share: the result of a status change, which carries the input
 * of its compensation (`undo`, the input of erp.reopen-invoice), and the UPDATE that sets a state.
 */
import type pg from 'pg';
import { z } from 'zod';
import type { ToolClients, TWritePreview } from '../define-tool.ts';
import { type AT_WRITE_TIME, changedFields } from '../field-changes.ts';
import { InvoiceStateError } from './errors.ts';
import {
  describeInvoice,
  lockInvoice,
  readInvoice,
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

/** Refuses (InvoiceStateError) unless the invoice's status is one of `from`. */
function assertStatus(invoice: TInvoice, from: readonly TInvoiceStatus[], action: string): void {
  if (!from.includes(invoice.status)) {
    throw new InvoiceStateError(
      `Cannot ${action} invoice ${invoice.invoiceNumber} of ${invoice.vendorNumber}: it is ` +
        `"${invoice.status}", and only ${from.map((status) => `"${status}"`).join(' or ')} invoices can be changed this way.`,
    );
  }
}

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
  assertStatus(before, from, action);
  await client.query(
    `UPDATE erp.invoices
        SET status = $2, hold_reason = $3, approved_at = $4::timestamptz, approved_by = $5,
            pay_to_iban = CASE WHEN $6::boolean THEN $7 ELSE pay_to_iban END, updated_at = now()
      WHERE id = $1`,
    [
      invoiceId,
      next.status,
      next.holdReason,
      next.approvedAt,
      next.approvedBy,
      next.payToIban !== undefined,
      next.payToIban ?? null,
    ],
  );
  return { before, after: await lockInvoice(client, invoiceId) };
}

/**
 * The preview of changeInvoiceState: the invoice read now (not locked), refused as the change
 * would refuse it, and the state fields `next` would change. `approvedAt` may be AT_WRITE_TIME.
 */
export async function previewInvoiceState(
  db: ToolClients['db'],
  invoiceId: string,
  from: readonly TInvoiceStatus[],
  next: TInvoiceState | (Omit<TInvoiceState, 'approvedAt'> & { approvedAt: typeof AT_WRITE_TIME }),
  action: string,
): Promise<TWritePreview> {
  const invoice = await readInvoice(db, invoiceId);
  assertStatus(invoice, from, action);
  return {
    target: describeInvoice(invoice),
    changes: changedFields([
      ['status', invoice.status, next.status],
      ['holdReason', invoice.holdReason, next.holdReason],
      ['approvedAt', invoice.approvedAt, next.approvedAt],
      ['approvedBy', invoice.approvedBy, next.approvedBy],
      ...(next.payToIban === undefined
        ? []
        : [['payToIban', invoice.payToIban, next.payToIban] as const]),
    ]),
  };
}
