/** The ERP tools: reads of vendors, purchase orders and invoices; approving and holding invoices. */
import type { ToolDefinition } from '../define-tool.ts';
import { erpApproveInvoice } from './approve-invoice.ts';
import { erpFindInvoicesByNumber } from './find-invoices-by-number.ts';
import { erpGetInvoice } from './get-invoice.ts';
import { erpGetPurchaseOrder } from './get-purchase-order.ts';
import { erpGetVendor } from './get-vendor.ts';
import { erpHoldInvoice } from './hold-invoice.ts';
import { erpReopenInvoice } from './reopen-invoice.ts';

/** Every ERP tool, for the registry. */
export const erpTools: readonly ToolDefinition[] = [
  erpGetVendor,
  erpGetPurchaseOrder,
  erpGetInvoice,
  erpFindInvoicesByNumber,
  erpApproveInvoice,
  erpHoldInvoice,
  erpReopenInvoice,
];
