/** `erp.get-purchase-order`: one purchase order with its lines, by PO number. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { NotFoundInSystemError } from './errors.ts';
import { ZMoney, ZRowId, ZVendorNumber } from './invoice.ts';

const ZPoNumber = z.string().regex(/^PO-[0-9]{5,}$/, 'a PO number looks like PO-00042');

const ZLine = z.object({
  lineNo: z.number().int().positive(),
  sku: z.string().min(1),
  description: z.string(),
  quantity: z.number().positive(),
  unitPrice: ZMoney,
  amount: ZMoney,
});

const ZPurchaseOrder = z.object({
  id: ZRowId,
  poNumber: ZPoNumber,
  vendorId: ZRowId,
  vendorNumber: ZVendorNumber,
  vendorName: z.string().min(1),
  status: z.enum(['draft', 'open', 'partially_received', 'received', 'closed', 'cancelled']),
  currency: z.string().regex(/^[A-Z]{3}$/),
  total: ZMoney,
  linesTotal: ZMoney,
  orderedAt: z.iso.datetime({ offset: true }),
  lines: z.array(ZLine),
});
type TPurchaseOrder = z.infer<typeof ZPurchaseOrder>;

interface HeaderRow {
  id: string;
  po_number: string;
  vendor_id: string;
  vendor_number: string;
  vendor_name: string;
  status: TPurchaseOrder['status'];
  currency: string;
  total: number;
  ordered_at: Date;
}

interface LineRow {
  line_no: number;
  sku: string;
  description: string;
  quantity: number;
  unit_price: number;
  amount: number;
}

/** Reads a PO header, its lines and totals, for matching an invoice against it. */
export const erpGetPurchaseOrder = defineTool({
  name: 'erp.get-purchase-order',
  description:
    'Look up one purchase order in the ERP by poNumber (e.g. "PO-00042"). Use it to match an ' +
    'invoice against what was ordered. Returns the header (vendor, status, currency, total), ' +
    'the lines (sku, description, quantity, unitPrice, amount) and linesTotal, the sum of the ' +
    'line amounts. Fails with NotFoundInSystemError if there is no such PO.',
  input: z.object({ poNumber: ZPoNumber.describe('The purchase order number, e.g. PO-00042.') }),
  output: ZPurchaseOrder,
  sideEffect: 'read',
  idempotent: true,
  reversible: false,
  timeoutMs: 5_000,
  provenance: {
    keys: { poNumber: 'erp.po-number' },
    // Its vendorNumber is the PO's vendor, which need not be the invoice's: not an identifier.
    identifies: { poNumber: 'erp.po-number' },
  },
  async run(input, { clients }) {
    const { rows } = await clients.db.query<HeaderRow>(
      `SELECT po.id, po.po_number, po.vendor_id, v.vendor_number, v.name AS vendor_name,
              po.status, po.currency, po.total::float8 AS total, po.ordered_at
         FROM erp.purchase_orders po JOIN erp.vendors v ON v.id = po.vendor_id
        WHERE po.po_number = $1`,
      [input.poNumber],
    );
    const header = rows[0];
    if (!header) {
      throw new NotFoundInSystemError(`There is no ERP purchase order ${input.poNumber}.`);
    }
    const lines = await clients.db.query<LineRow>(
      `SELECT line_no, sku, description, quantity::float8 AS quantity,
              unit_price::float8 AS unit_price, round(quantity * unit_price, 2)::float8 AS amount
         FROM erp.purchase_order_lines WHERE po_id = $1 ORDER BY line_no`,
      [header.id],
    );
    const cents = lines.rows.reduce((sum, line) => sum + Math.round(line.amount * 100), 0);
    return {
      id: header.id,
      poNumber: header.po_number,
      vendorId: header.vendor_id,
      vendorNumber: header.vendor_number,
      vendorName: header.vendor_name,
      status: header.status,
      currency: header.currency,
      total: header.total,
      linesTotal: cents / 100,
      orderedAt: header.ordered_at.toISOString(),
      lines: lines.rows.map((line) => ({
        lineNo: line.line_no,
        sku: line.sku,
        description: line.description,
        quantity: line.quantity,
        unitPrice: line.unit_price,
        amount: line.amount,
      })),
    };
  },
});
