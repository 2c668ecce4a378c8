// Seeds the systems of record (crm, erp, billing, shipping, directory) with deterministic,
// realistic data: the same seed always produces the same rows, ids and timestamps included.
import pg from 'pg';
import { companyUniverse, directoryRows } from './companies.ts';
import { accountRows, contactRows, crmAccounts } from './crm.ts';
import { billingCustomers, deliveryProfileRows } from './customers.ts';
import { purchaseOrders, vendors } from './erp.ts';
import { invoiceRows } from './invoices.ts';
import { Random } from './random.ts';

/** The seed used when none is given. */
export const DEFAULT_SEED = 20261123;

/** Every seeded table, in insert order (parents before children). */
export const SEEDED_TABLES = [
  'directory.companies',
  'crm.accounts',
  'crm.contacts',
  'erp.vendors',
  'erp.purchase_orders',
  'erp.purchase_order_lines',
  'erp.invoices',
  'billing.customers',
  'shipping.delivery_profiles',
] as const;

export type SeededTable = (typeof SEEDED_TABLES)[number];

/** The write logs, emptied on every reset along with the seeded tables. */
const WRITE_LOGS = [
  'crm.applied_writes',
  'erp.applied_writes',
  'billing.applied_writes',
  'shipping.applied_writes',
];

type Row = Record<string, unknown>;

/** Every seeded row, by table, generated from `seed` without touching a database. */
export function generateSystemsOfRecord(seed: number = DEFAULT_SEED): Record<SeededTable, Row[]> {
  const random = new Random(seed);
  const universe = companyUniverse(random, 360);
  const inCrm = universe.slice(0, 300);
  // Every twelfth CRM company is unknown to the directory: enrichment finds nothing for it.
  const missing = new Set(inCrm.filter((_, index) => index % 12 === 7));
  const listed = [...inCrm.filter((company) => !missing.has(company)), ...universe.slice(300)];
  // Ten listed companies were entered into the CRM twice, the second time under another
  // spelling of the name and another domain: candidates for deduplication.
  const duplicated = inCrm.filter((company, index) => !missing.has(company) && index % 20 === 11);
  const accounts = crmAccounts(random, inCrm, duplicated);
  const vendorCompanies = companyUniverse(random, 180);
  const erpVendors = vendors(random, vendorCompanies);
  const orders = purchaseOrders(random, erpVendors.list, 420);
  const billing = billingCustomers(random, accounts, universe.slice(300, 312));
  return {
    'directory.companies': directoryRows(random, listed),
    'crm.accounts': accountRows(random, accounts),
    'crm.contacts': contactRows(random, accounts),
    'erp.vendors': erpVendors.rows,
    'erp.purchase_orders': orders.orderRows,
    'erp.purchase_order_lines': orders.lineRows,
    'erp.invoices': invoiceRows(random, orders.orders, erpVendors.list),
    'billing.customers': billing.rows,
    'shipping.delivery_profiles': deliveryProfileRows(random, billing.customers),
  };
}

async function insert(
  client: pg.ClientBase,
  table: SeededTable,
  rows: readonly Row[],
): Promise<void> {
  const [first] = rows;
  if (first === undefined) return;
  const columns = Object.keys(first);
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = columns.map((column) => {
        values.push(row[column]);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await client.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
      values,
    );
  }
}

/**
 * Empties the systems of record (write logs included) and fills them from `seed`, in one
 * transaction, so it also resets them. Returns the number of rows inserted per table.
 */
export async function seedSystemsOfRecord(
  db: pg.ClientBase | pg.Pool,
  { seed = DEFAULT_SEED }: { seed?: number } = {},
): Promise<Record<SeededTable, number>> {
  const data = generateSystemsOfRecord(seed);
  const client = db instanceof pg.Pool ? await db.connect() : db;
  try {
    await client.query('BEGIN');
    try {
      await client.query(`TRUNCATE ${[...SEEDED_TABLES, ...WRITE_LOGS].join(', ')}`);
      for (const table of SEEDED_TABLES) await insert(client, table, data[table]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    if (db instanceof pg.Pool && 'release' in client && typeof client.release === 'function')
      client.release();
  }
  const counts = {} as Record<SeededTable, number>;
  for (const table of SEEDED_TABLES) counts[table] = data[table].length;
  return counts;
}

/**
 * Seeds the systems of record only if they hold no data yet (no CRM accounts), so a second
 * `npm run setup` keeps whatever the workflows have written since. Returns the counts, or null
 * when it left them alone.
 */
export async function seedSystemsOfRecordIfEmpty(
  db: pg.ClientBase | pg.Pool,
  options: { seed?: number } = {},
): Promise<Record<SeededTable, number> | null> {
  const { rows } = await db.query<{ seeded: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM crm.accounts) AS seeded',
  );
  if (rows[0]?.seeded) return null;
  return seedSystemsOfRecord(db, options);
}
