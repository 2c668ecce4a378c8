// ERP vendors, purchase orders and their lines. Amounts are whole cents until they are written,
// so every PO total is exactly the sum of its lines.
import type { Company } from './companies.ts';
import { daysAgo, Random, SEED_NOW } from './random.ts';

const CATALOGUE: readonly { sku: string; description: string; low: number; high: number }[] = [
  { sku: 'PAP-A4-500', description: 'Copy paper A4, 80 g, ream of 500', low: 450, high: 890 },
  { sku: 'TON-HP-58X', description: 'Toner cartridge, black, high yield', low: 8900, high: 16900 },
  { sku: 'LAP-14-PRO', description: 'Laptop 14", 32 GB RAM, 1 TB SSD', low: 129900, high: 219900 },
  { sku: 'MON-27-4K', description: 'Monitor 27" 4K USB-C', low: 32900, high: 58900 },
  { sku: 'DOC-USB-C', description: 'USB-C docking station', low: 14900, high: 27900 },
  { sku: 'CHR-ERG-01', description: 'Ergonomic office chair', low: 24900, high: 69900 },
  { sku: 'DSK-SIT-160', description: 'Sit-stand desk 160 x 80 cm', low: 39900, high: 89900 },
  { sku: 'PAL-EUR-STD', description: 'EUR pallet, standard, heat treated', low: 1200, high: 2400 },
  { sku: 'BOX-DW-60', description: 'Double-wall shipping box 60 x 40 x 40', low: 120, high: 340 },
  { sku: 'TAP-PK-48', description: 'Packing tape 48 mm x 66 m', low: 180, high: 420 },
  { sku: 'GLV-NIT-M', description: 'Nitrile gloves, size M, box of 100', low: 690, high: 1490 },
  { sku: 'CLN-SURF-5L', description: 'Surface cleaner concentrate, 5 l', low: 1490, high: 3290 },
  { sku: 'SRV-CLOUD-M', description: 'Cloud hosting, monthly', low: 49900, high: 489900 },
  { sku: 'SRV-SUPPORT', description: 'Support hours, senior engineer', low: 9500, high: 18500 },
  { sku: 'LIC-SAAS-SEAT', description: 'SaaS licence, per seat per year', low: 9600, high: 42000 },
  { sku: 'CAB-CAT6-3M', description: 'Cat 6 patch cable, 3 m', low: 290, high: 790 },
  { sku: 'SWT-24P-POE', description: '24-port PoE network switch', low: 38900, high: 119900 },
  { sku: 'BLT-M8-100', description: 'Hex bolts M8 x 40, box of 100', low: 890, high: 1890 },
  { sku: 'STL-SHT-2MM', description: 'Steel sheet 2 mm, 1 x 2 m', low: 5400, high: 9800 },
  {
    sku: 'FRT-LTL',
    description: 'Less-than-truckload freight, per pallet',
    low: 8500,
    high: 24500,
  },
  { sku: 'CAT-LUNCH-20', description: 'Catering, working lunch for 20', low: 24000, high: 52000 },
  {
    sku: 'CON-AUDIT-D',
    description: 'Consulting day, audit preparation',
    low: 95000,
    high: 180000,
  },
];

const TERMS = ['NET30', 'NET30', 'NET30', 'NET45', 'NET60', 'NET15', 'DUE_ON_RECEIPT'] as const;

/** Days a payment term gives. */
export function termDays(terms: string): number {
  return terms === 'DUE_ON_RECEIPT' ? 0 : Number(terms.replace('NET', ''));
}

function taxId(random: Random, country: string): string {
  switch (country) {
    case 'US':
      return `${random.digits(2)}-${random.digits(7)}`;
    case 'FR':
      return `FR${random.digits(11)}`;
    case 'NL':
      return `NL${random.digits(9)}B01`;
    case 'CA':
      return `${random.digits(9)}RT0001`;
    default:
      return `${country}${random.digits(9)}`;
  }
}

/**
 * The ISO 13616 check digits of a country's BBAN: the BBAN, the country code and "00" as digits
 * (A = 10 … Z = 35), mod 97, subtracted from 98.
 */
export function ibanCheckDigits(country: string, bban: string): string {
  const digits = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
  return String(98 - rest).padStart(2, '0');
}

/** Whether an IBAN (no spaces) passes the ISO 13616 mod-97 check. */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  return ibanCheckDigits(iban.slice(0, 2), iban.slice(4)) === iban.slice(2, 4);
}

const BANK_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const letters = (random: Random, length: number) =>
  Array.from({ length }, () => random.pick([...BANK_LETTERS])).join('');

/** The French RIB key of a bank code, branch code and numeric account number. */
function ribKey(bank: string, branch: string, account: string): string {
  const rest = (89 * Number(bank) + 15 * Number(branch) + 3 * Number(account)) % 97;
  return String(97 - rest).padStart(2, '0');
}

/** How a country's BBAN is built (its IBAN length follows): DE 22, GB 22, FR 27, NL 18. */
const BBAN: Record<string, (random: Random) => string> = {
  DE: (random) => `${random.int(1, 8)}${random.digits(7)}${random.digits(10)}`,
  GB: (random) => `${letters(random, 4)}${random.digits(6)}${random.digits(8)}`,
  FR: (random) => {
    const [bank, branch, account] = [random.digits(5), random.digits(5), random.digits(11)];
    return `${bank}${branch}${account}${ribKey(bank, branch, account)}`;
  },
  NL: (random) => `${letters(random, 4)}${random.digits(10)}`,
};

/**
 * A checksum-valid IBAN for an account in `country`, or null where bank accounts have no IBAN
 * (US, CA).
 */
export function ibanFor(random: Random, country: string): string | null {
  const bban = BBAN[country]?.(random);
  return bban === undefined ? null : `${country}${ibanCheckDigits(country, bban)}${bban}`;
}

/**
 * A vendor's bank account, drawn from a generator of its own (seeded by its id), so adding bank
 * details changed no other seeded value.
 */
function vendorIban(id: string, country: string): string | null {
  let hash = 0x811c9dc5;
  for (const char of id) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return ibanFor(new Random(hash), country);
}

export interface Vendor {
  id: string;
  number: string;
  status: 'active' | 'on_hold' | 'blocked';
  terms: string;
  currency: string;
  /** How this vendor numbers its invoices, and the next number it will use. */
  invoiceStyle: (n: number) => string;
  nextInvoice: number;
}

const STATUS_REASON = {
  on_hold: [
    'Bank details changed, verification pending',
    'Insurance certificate expired',
    'Open quality complaint',
  ],
  blocked: [
    'Sanctions screening match',
    'Duplicate vendor record',
    'Contract terminated',
    'Repeated fraudulent invoices',
  ],
} as const;

/** The ERP's vendors, and the rows of `erp.vendors`. Some are on hold and some are blocked. */
export function vendors(random: Random, companies: readonly Company[]) {
  const list: Vendor[] = [];
  const rows = companies.map((company, index) => {
    const roll = random.next();
    const status =
      index % 23 === 5
        ? 'blocked'
        : index % 17 === 3
          ? 'on_hold'
          : roll < 0.03
            ? 'blocked'
            : roll < 0.08
              ? 'on_hold'
              : 'active';
    const style = random.int(0, 2);
    const vendor: Vendor = {
      id: random.uuid(),
      number: `V-${1001 + index}`,
      status,
      terms: random.pick(TERMS),
      currency: company.country.currency,
      invoiceStyle:
        style === 0 ? (n) => `INV-${n}` : style === 1 ? (n) => String(n) : (n) => `2026-${n}`,
      nextInvoice: random.int(1000, 1060),
    };
    list.push(vendor);
    const created = random.int(200, 2000);
    return {
      id: vendor.id,
      vendor_number: vendor.number,
      name: company.legalName,
      status,
      status_reason: status === 'active' ? null : random.pick(STATUS_REASON[status]),
      payment_terms: vendor.terms,
      currency: vendor.currency,
      tax_id: taxId(random, company.country.code),
      iban: vendorIban(vendor.id, company.country.code),
      email: `${random.pick(['ar', 'billing', 'invoices', 'accounts'])}@${company.domain}`,
      country: company.country.code,
      created_at: daysAgo(created),
      updated_at: daysAgo(random.int(0, Math.min(created, 120))),
    };
  });
  return { list, rows };
}

export interface PurchaseOrder {
  id: string;
  vendor: Vendor;
  status: string;
  totalCents: number;
  orderedAt: number;
}

/** Purchase orders and their lines; each PO's total is the exact sum of its lines. */
export function purchaseOrders(random: Random, vendorList: readonly Vendor[], count: number) {
  const orders: PurchaseOrder[] = [];
  const orderRows = [];
  const lineRows = [];
  for (let i = 0; i < count; i++) {
    const vendor = random.pick(vendorList);
    const id = random.uuid();
    const ageDays = random.int(3, 540);
    const orderedAt = SEED_NOW - ageDays * 86_400_000;
    const roll = random.next();
    const status =
      ageDays < 20
        ? random.pick(['draft', 'open', 'open'])
        : roll < 0.04
          ? 'cancelled'
          : roll < 0.1
            ? 'partially_received'
            : ageDays > 120
              ? 'closed'
              : random.pick(['open', 'received', 'received']);
    let totalCents = 0;
    const lines = random.int(1, 5);
    for (let line = 1; line <= lines; line++) {
      const item = random.pick(CATALOGUE);
      const unitCents = random.int(item.low, item.high);
      const quantity =
        unitCents > 50000
          ? random.int(1, 4)
          : unitCents > 5000
            ? random.int(1, 20)
            : random.int(10, 400);
      totalCents += unitCents * quantity;
      lineRows.push({
        po_id: id,
        line_no: line,
        sku: item.sku,
        description: item.description,
        quantity,
        unit_price: (unitCents / 100).toFixed(2),
      });
    }
    orders.push({ id, vendor, status, totalCents, orderedAt });
    orderRows.push({
      id,
      po_number: `PO-${String(40001 + i)}`,
      vendor_id: vendor.id,
      status,
      currency: vendor.currency,
      total: (totalCents / 100).toFixed(2),
      ordered_at: new Date(orderedAt).toISOString(),
      created_at: new Date(orderedAt).toISOString(),
      updated_at: daysAgo(Math.max(0, ageDays - random.int(0, 30))),
    });
  }
  return { orders, orderRows, lineRows };
}
