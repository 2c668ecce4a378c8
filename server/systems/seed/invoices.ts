// ERP invoices. Most match their purchase order exactly or within a cent-level tolerance; some
// do not. Some are re-submissions of an earlier invoice under a reformatted number (duplicate
// candidates), some have no PO, and some come from vendors that are on hold or blocked.
import { type PurchaseOrder, termDays, type Vendor } from './erp.ts';
import { type Random, SEED_NOW } from './random.ts';

const DAY = 86_400_000;
const APPROVERS = ['maria.keller', 'tom.becker', 'aisha.rahman', 'luis.ortega'];

/** How far an invoice amount may differ from its PO and still count as matching: 1%. */
export const MATCH_TOLERANCE = 0.01;

interface Draft {
  vendor: Vendor;
  po: PurchaseOrder | null;
  number: string;
  cents: number;
  invoiceDate: number;
  mismatched: boolean;
  duplicateOf: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();
const date = (ms: number) => iso(ms).slice(0, 10);

function nextNumber(vendor: Vendor, random: Random): string {
  vendor.nextInvoice += random.int(1, 3);
  return vendor.invoiceStyle(vendor.nextInvoice);
}

function reformatted(number: string, random: Random): string {
  const variants = [
    number.replace('INV-', 'INV'),
    `${number}-1`,
    `${number} `.trim().concat('A'),
    `0${number}`,
  ];
  const choice = random.pick(variants.filter((variant) => variant !== number));
  return choice;
}

function row(random: Random, draft: Draft) {
  const received = Math.min(
    draft.invoiceDate + random.int(0, 5) * DAY + random.int(7, 17) * 3_600_000,
    SEED_NOW - 3_600_000,
  );
  const due = draft.invoiceDate + termDays(draft.vendor.terms) * DAY;
  const age = (SEED_NOW - received) / DAY;
  let status: string;
  let hold: string | null = null;
  if (draft.vendor.status !== 'active' && age < 60) {
    status = 'on_hold';
    hold = draft.vendor.status === 'blocked' ? 'Vendor is blocked' : 'Vendor is on hold';
  } else if (draft.mismatched || draft.duplicateOf) {
    status = age < 30 ? 'received' : random.pick(['on_hold', 'rejected']);
    if (status === 'on_hold') {
      hold = draft.mismatched
        ? 'Amount does not match purchase order'
        : 'Possible duplicate invoice';
    }
  } else if (age < 10) {
    status = 'received';
  } else if (draft.po === null && random.chance(0.2)) {
    status = 'on_hold';
    hold = 'No purchase order; awaiting budget owner approval';
  } else {
    const roll = random.next();
    status =
      roll < 0.05
        ? 'rejected'
        : roll < 0.1 && age < 60
          ? 'on_hold'
          : age > 45 || roll < 0.5
            ? 'paid'
            : 'approved';
    if (status === 'on_hold')
      hold = random.pick([
        'Goods receipt missing',
        'Awaiting tax documentation',
        'Price query with vendor',
      ]);
  }
  const approved =
    status === 'approved' || status === 'paid' ? received + random.int(1, 8) * DAY : null;
  const paid =
    status === 'paid' && approved !== null
      ? Math.min(Math.max(due, approved + DAY), SEED_NOW - DAY)
      : null;
  const updated = paid ?? approved ?? received;
  return {
    id: random.uuid(),
    vendor_id: draft.vendor.id,
    invoice_number: draft.number,
    po_id: draft.po?.id ?? null,
    amount: (draft.cents / 100).toFixed(2),
    currency: draft.vendor.currency,
    status,
    invoice_date: date(draft.invoiceDate),
    due_date: date(Math.max(due, draft.invoiceDate)),
    received_at: iso(received),
    hold_reason: hold,
    approved_at: approved === null ? null : iso(approved),
    approved_by: approved === null ? null : random.pick(APPROVERS),
    paid_at: paid === null ? null : iso(paid),
    created_at: iso(received),
    updated_at: iso(updated),
  };
}

/** Rows of `erp.invoices` for the purchase orders and vendors given. */
export function invoiceRows(
  random: Random,
  orders: readonly PurchaseOrder[],
  vendorList: readonly Vendor[],
) {
  const drafts: Draft[] = [];
  for (const po of orders) {
    if (po.status === 'draft' || po.status === 'cancelled' || po.status === 'open') continue;
    const roll = random.next();
    const mismatched = roll < 0.1;
    const factor = mismatched
      ? random.pick([1.05, 1.08, 1.12, 1.25, 0.9, 0.85])
      : roll < 0.22
        ? 1 + (random.pick([-1, 1]) * random.int(1, 8)) / 1000
        : 1;
    drafts.push({
      vendor: po.vendor,
      po,
      number: nextNumber(po.vendor, random),
      cents: Math.round(po.totalCents * factor),
      invoiceDate: Math.min(po.orderedAt + random.int(2, 30) * DAY, SEED_NOW - DAY),
      mismatched,
      duplicateOf: false,
    });
  }
  // Invoices without a purchase order: utilities, subscriptions, services.
  for (let i = 0; i < 45; i++) {
    const vendor = random.pick(vendorList);
    drafts.push({
      vendor,
      po: null,
      number: nextNumber(vendor, random),
      cents: random.int(4_500, 1_250_000),
      invoiceDate: SEED_NOW - random.int(1, 300) * DAY,
      mismatched: false,
      duplicateOf: false,
    });
  }
  // Re-submissions: the same vendor, PO and amount under a reformatted invoice number.
  const originals = drafts.filter((draft) => draft.po !== null && !draft.mismatched);
  for (let i = 0; i < 14; i++) {
    const original = originals[(i * 17 + 3) % originals.length];
    if (original === undefined) break;
    drafts.push({
      ...original,
      number: reformatted(original.number, random),
      invoiceDate: Math.min(original.invoiceDate + random.int(3, 20) * DAY, SEED_NOW - DAY),
      duplicateOf: true,
    });
  }
  const seen = new Set<string>();
  return drafts
    .filter((draft) => {
      const key = `${draft.vendor.id}/${draft.number}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((draft) => row(random, draft));
}
