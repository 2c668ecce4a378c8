/**
 * The invoice as every ERP invoice tool returns it: its output contract, the SQL that reads it
 * and the mapping from a row. The mapping does not validate: the tool's output contract does.
 */
import type pg from 'pg';
import { z } from 'zod';
import type { ToolClients } from '../define-tool.ts';
import { NotFoundInSystemError } from './errors.ts';

export const INVOICE_STATUSES = ['received', 'approved', 'on_hold', 'paid', 'rejected'] as const;
export const ZInvoiceStatus = z.enum(INVOICE_STATUSES);
export type TInvoiceStatus = z.infer<typeof ZInvoiceStatus>;

/** An ERP row id (any 8-4-4-4-12 hex GUID). */
export const ZRowId = z.guid();
export const ZVendorNumber = z.string().regex(/^V-[0-9]{4,}$/, 'a vendor number looks like V-0001');
const ZDate = z.iso.date();
const ZTimestamp = z.iso.datetime({ offset: true });
/** A money amount: non-negative, at most two decimals. */
export const ZMoney = z
  .number()
  .nonnegative()
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, 'at most 2 decimals');

export const ZInvoice = z.object({
  id: ZRowId,
  vendorId: ZRowId,
  vendorNumber: ZVendorNumber,
  vendorName: z.string().min(1),
  invoiceNumber: z.string().min(1),
  poId: ZRowId.nullable(),
  poNumber: z.string().nullable(),
  amount: ZMoney,
  currency: z.string().regex(/^[A-Z]{3}$/),
  status: ZInvoiceStatus,
  invoiceDate: ZDate,
  dueDate: ZDate,
  receivedAt: ZTimestamp,
  holdReason: z.string().nullable(),
  approvedAt: ZTimestamp.nullable(),
  approvedBy: z.string().nullable(),
  /** The account the approval said to pay, read from the vendor's invoice document; null if none. */
  payToIban: z.string().nullable(),
  paidAt: ZTimestamp.nullable(),
});
export type TInvoice = z.infer<typeof ZInvoice>;

/** The fields a status change overwrites, as they were before it: what erp.reopen-invoice restores. */
export const ZInvoiceState = z.object({
  status: ZInvoiceStatus,
  holdReason: z.string().nullable(),
  approvedAt: ZTimestamp.nullable(),
  approvedBy: z.string().nullable(),
  /** Absent: left as it is (a hold, or an approval without a document). */
  payToIban: z.string().nullable().optional(),
});
export type TInvoiceState = z.infer<typeof ZInvoiceState>;

interface InvoiceRow {
  id: string;
  vendor_id: string;
  vendor_number: string;
  vendor_name: string;
  invoice_number: string;
  po_id: string | null;
  po_number: string | null;
  amount: number;
  currency: string;
  status: TInvoiceStatus;
  invoice_date: string;
  due_date: string;
  received_at: Date;
  hold_reason: string | null;
  approved_at: Date | null;
  approved_by: string | null;
  pay_to_iban: string | null;
  paid_at: Date | null;
}

/** SELECT of an invoice with its vendor and PO numbers; callers append WHERE/ORDER BY. */
export const INVOICE_SELECT = `
  SELECT i.id, i.vendor_id, v.vendor_number, v.name AS vendor_name, i.invoice_number,
         i.po_id, po.po_number, i.amount::float8 AS amount, i.currency, i.status,
         to_char(i.invoice_date, 'YYYY-MM-DD') AS invoice_date,
         to_char(i.due_date, 'YYYY-MM-DD') AS due_date,
         i.received_at, i.hold_reason, i.approved_at, i.approved_by, i.pay_to_iban, i.paid_at
    FROM erp.invoices i
    JOIN erp.vendors v ON v.id = i.vendor_id
    LEFT JOIN erp.purchase_orders po ON po.id = i.po_id`;

function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/** Maps a row of INVOICE_SELECT to the tools' invoice shape. */
export function toInvoice(row: InvoiceRow): TInvoice {
  return {
    id: row.id,
    vendorId: row.vendor_id,
    vendorNumber: row.vendor_number,
    vendorName: row.vendor_name,
    invoiceNumber: row.invoice_number,
    poId: row.po_id,
    poNumber: row.po_number,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    invoiceDate: row.invoice_date,
    dueDate: row.due_date,
    receivedAt: row.received_at.toISOString(),
    holdReason: row.hold_reason,
    approvedAt: iso(row.approved_at),
    approvedBy: row.approved_by,
    payToIban: row.pay_to_iban,
    paidAt: iso(row.paid_at),
  };
}

/** Runs INVOICE_SELECT with a WHERE clause and maps the rows. */
export async function selectInvoices(
  db: ToolClients['db'] | pg.PoolClient,
  where: string,
  values: unknown[],
): Promise<TInvoice[]> {
  const { rows } = await db.query<InvoiceRow>(`${INVOICE_SELECT} ${where}`, values);
  return rows.map(toInvoice);
}

/** The invoice with this id (locked when `forUpdate`); NotFoundInSystemError if none. */
export async function readInvoice(
  db: ToolClients['db'] | pg.PoolClient,
  invoiceId: string,
  forUpdate = false,
): Promise<TInvoice> {
  const lock = forUpdate ? ' FOR UPDATE OF i' : '';
  const [invoice] = await selectInvoices(db, `WHERE i.id = $1${lock}`, [invoiceId]);
  if (!invoice) throw new NotFoundInSystemError(`There is no ERP invoice with id ${invoiceId}.`);
  return invoice;
}

/** The invoice with this id, locked for the rest of the transaction; NotFoundInSystemError if none. */
export function lockInvoice(client: pg.PoolClient, invoiceId: string): Promise<TInvoice> {
  return readInvoice(client, invoiceId, true);
}

/** The invoice in words, as a write preview names it. */
export function describeInvoice(invoice: TInvoice): string {
  return `ERP invoice ${invoice.invoiceNumber} from ${invoice.vendorNumber} (${invoice.vendorName})`;
}

/** The state a status change overwrites. */
export function stateOf(invoice: TInvoice): TInvoiceState {
  return {
    status: invoice.status,
    holdReason: invoice.holdReason,
    approvedAt: invoice.approvedAt,
    approvedBy: invoice.approvedBy,
    payToIban: invoice.payToIban,
  };
}
