import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeCompanyName } from '../../server/systems/seed/companies.ts';
import {
  generateSystemsOfRecord,
  SEEDED_TABLES,
  type SeededTable,
  seedSystemsOfRecord,
  seedSystemsOfRecordIfEmpty,
} from '../../server/systems/seed/index.ts';
import { testDatabaseUrl } from '../support/database.ts';

let client: pg.Client;
let counts: Record<SeededTable, number>;

async function rows<T extends pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return (await client.query<T>(text, values)).rows;
}

async function count(text: string): Promise<number> {
  const [row] = await rows<{ n: string }>(text);
  return Number(row?.n);
}

/** One md5 over every row of every seeded table. */
async function digest(): Promise<string> {
  const parts: string[] = [];
  for (const table of SEEDED_TABLES) {
    const [row] = await rows<{ md5: string }>(
      `SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS md5 FROM ${table} t`,
    );
    parts.push(`${table}:${row?.md5}`);
  }
  return parts.join('\n');
}

beforeAll(async () => {
  client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  counts = await seedSystemsOfRecord(client);
});

afterAll(async () => {
  await client.end();
});

describe('the systems of record', () => {
  it('live in schemas of their own, created by the migration', async () => {
    const schemas = await rows<{ schema_name: string }>(
      "SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('crm', 'erp', 'billing', 'shipping', 'directory') ORDER BY 1",
    );
    expect(schemas.map((row) => row.schema_name)).toEqual([
      'billing',
      'crm',
      'directory',
      'erp',
      'shipping',
    ]);
    for (const schema of ['crm', 'erp', 'billing', 'shipping']) {
      expect(await count(`SELECT count(*) AS n FROM ${schema}.applied_writes`)).toBe(0);
    }
  });

  it('are seeded with a few hundred rows per main table, as reported', async () => {
    for (const table of SEEDED_TABLES) {
      expect(await count(`SELECT count(*) AS n FROM ${table}`), table).toBe(counts[table]);
    }
    expect(counts['crm.accounts']).toBeGreaterThanOrEqual(300);
    expect(counts['crm.contacts']).toBeGreaterThanOrEqual(300);
    expect(counts['directory.companies']).toBeGreaterThanOrEqual(300);
    expect(counts['erp.vendors']).toBeGreaterThanOrEqual(150);
    expect(counts['erp.purchase_orders']).toBeGreaterThanOrEqual(400);
    expect(counts['erp.purchase_order_lines']).toBeGreaterThan(counts['erp.purchase_orders']);
    expect(counts['erp.invoices']).toBeGreaterThanOrEqual(300);
    expect(counts['billing.customers']).toBeGreaterThanOrEqual(200);
    expect(counts['shipping.delivery_profiles']).toBeGreaterThan(counts['billing.customers']);
  });

  it('are the same rows every time for the same seed, and different rows for another', async () => {
    expect(generateSystemsOfRecord(7)).toEqual(generateSystemsOfRecord(7));
    const first = await digest();
    const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 1 });
    try {
      await seedSystemsOfRecord(pool);
    } finally {
      await pool.end();
    }
    expect(await digest()).toBe(first);
    await seedSystemsOfRecord(client, { seed: 99 });
    expect(await digest()).not.toBe(first);
    await seedSystemsOfRecord(client);
    expect(await digest()).toBe(first);
  });

  it('resets: reseeding empties the write logs', async () => {
    await client.query(
      "INSERT INTO erp.applied_writes (idempotency_key, tool, result) VALUES ('k1', 'erp.approve_invoice', '{}')",
    );
    await seedSystemsOfRecord(client);
    expect(await count('SELECT count(*) AS n FROM erp.applied_writes')).toBe(0);
  });

  it('are seeded by setup only while empty', async () => {
    await client.query(
      'UPDATE crm.accounts SET lead_score = 1 WHERE domain = (SELECT min(domain) FROM crm.accounts)',
    );
    expect(await seedSystemsOfRecordIfEmpty(client)).toBeNull();
    expect(
      await count('SELECT count(*) AS n FROM crm.accounts WHERE lead_score = 1'),
    ).toBeGreaterThanOrEqual(1);
    await client.query('TRUNCATE crm.accounts CASCADE');
    expect(await seedSystemsOfRecordIfEmpty(client)).toEqual(counts);
  });

  it('keeps references consistent across and within systems', async () => {
    expect(
      await count(
        'SELECT count(*) AS n FROM crm.accounts a WHERE NOT EXISTS (SELECT 1 FROM crm.contacts c WHERE c.account_id = a.id)',
      ),
    ).toBe(0);
    expect(
      await count(
        'SELECT count(*) AS n FROM billing.customers b WHERE crm_account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM crm.accounts a WHERE a.id = b.crm_account_id)',
      ),
    ).toBe(0);
    expect(
      await count('SELECT count(*) AS n FROM billing.customers WHERE crm_account_id IS NULL'),
    ).toBeGreaterThan(0);
    expect(
      await count(
        'SELECT count(*) AS n FROM shipping.delivery_profiles d WHERE NOT EXISTS (SELECT 1 FROM billing.customers b WHERE b.customer_number = d.customer_reference)',
      ),
    ).toBe(0);
    expect(
      await count(
        'SELECT count(*) AS n FROM billing.customers b WHERE (SELECT count(*) FROM shipping.delivery_profiles d WHERE d.customer_reference = b.customer_number AND d.is_default) <> 1',
      ),
    ).toBe(0);
    expect(
      await count(
        'SELECT count(*) AS n FROM erp.invoices i JOIN erp.purchase_orders p ON p.id = i.po_id WHERE p.vendor_id <> i.vendor_id OR p.currency <> i.currency',
      ),
    ).toBe(0);
  });

  it('hold realistic invariants: PO totals, statuses, unique emails', async () => {
    expect(
      await count(
        'SELECT count(*) AS n FROM erp.purchase_orders p WHERE p.total <> (SELECT sum(round(quantity * unit_price, 2)) FROM erp.purchase_order_lines l WHERE l.po_id = p.id)',
      ),
    ).toBe(0);
    const statuses = await rows<{ status: string }>(
      'SELECT DISTINCT status FROM erp.invoices ORDER BY 1',
    );
    expect(statuses.map((row) => row.status)).toEqual([
      'approved',
      'on_hold',
      'paid',
      'received',
      'rejected',
    ]);
    expect(await count('SELECT count(*) - count(DISTINCT email) AS n FROM crm.contacts')).toBe(0);
    expect(
      await count(
        "SELECT count(*) AS n FROM erp.invoices WHERE received_at > '2026-11-01T09:00:00Z'",
      ),
    ).toBe(0);
  });

  it('plant the cases the workflows must handle', async () => {
    // Vendors that may not be paid, some of them with invoices waiting.
    expect(
      await count("SELECT count(*) AS n FROM erp.vendors WHERE status = 'blocked'"),
    ).toBeGreaterThanOrEqual(5);
    expect(
      await count("SELECT count(*) AS n FROM erp.vendors WHERE status = 'on_hold'"),
    ).toBeGreaterThanOrEqual(5);
    expect(
      await count(
        "SELECT count(*) AS n FROM erp.invoices i JOIN erp.vendors v ON v.id = i.vendor_id WHERE v.status = 'blocked'",
      ),
    ).toBeGreaterThan(0);

    // Most invoices match their PO exactly, some within 1%, some are clearly off.
    const match = await rows<{ exact: string; within: string; off: string }>(`
      SELECT count(*) FILTER (WHERE i.amount = p.total) AS exact,
             count(*) FILTER (WHERE i.amount <> p.total AND abs(i.amount - p.total) <= p.total * 0.01) AS within,
             count(*) FILTER (WHERE abs(i.amount - p.total) > p.total * 0.01) AS off
      FROM erp.invoices i JOIN erp.purchase_orders p ON p.id = i.po_id`);
    const [{ exact, within, off } = { exact: '0', within: '0', off: '0' }] = match;
    expect(Number(exact)).toBeGreaterThan(Number(within) + Number(off));
    expect(Number(within)).toBeGreaterThanOrEqual(10);
    expect(Number(off)).toBeGreaterThanOrEqual(10);
    expect(
      await count('SELECT count(*) AS n FROM erp.invoices WHERE po_id IS NULL'),
    ).toBeGreaterThanOrEqual(20);

    // Invoice numbers repeat across vendors (never within one), and some invoices look resubmitted.
    expect(
      await count(
        'SELECT count(*) AS n FROM (SELECT invoice_number FROM erp.invoices GROUP BY 1 HAVING count(DISTINCT vendor_id) > 1) x',
      ),
    ).toBeGreaterThanOrEqual(5);
    expect(
      await count(
        'SELECT count(*) AS n FROM erp.invoices a JOIN erp.invoices b ON a.vendor_id = b.vendor_id AND a.po_id = b.po_id AND a.amount = b.amount AND a.id < b.id',
      ),
    ).toBeGreaterThanOrEqual(10);
  });

  it('leave some CRM accounts out of the directory, and some duplicated under another name', async () => {
    const directory = await rows<{ domain: string; normalized_name: string }>(
      'SELECT domain, normalized_name FROM directory.companies',
    );
    const domains = new Set(directory.map((row) => row.domain));
    const names = new Set(directory.map((row) => row.normalized_name));
    const accounts = await rows<{ name: string; domain: string }>(
      'SELECT name, domain FROM crm.accounts',
    );
    const unlisted = accounts.filter((account) => !domains.has(account.domain));
    const nearDuplicates = unlisted.filter((account) =>
      names.has(normalizeCompanyName(account.name)),
    );
    expect(unlisted.length - nearDuplicates.length).toBeGreaterThanOrEqual(20);
    expect(nearDuplicates.length).toBeGreaterThanOrEqual(10);
    for (const duplicate of nearDuplicates) {
      const key = normalizeCompanyName(duplicate.name);
      const twins = accounts.filter((account) => normalizeCompanyName(account.name) === key);
      expect(twins.length, duplicate.name).toBeGreaterThanOrEqual(2);
      expect(new Set(twins.map((twin) => twin.name)).size, duplicate.name).toBeGreaterThanOrEqual(
        1,
      );
    }
    expect(normalizeCompanyName('Northwind Logistics GmbH & Co. KG')).toBe('northwind logistics');
    expect(normalizeCompanyName('NORTHWIND  LOGISTICS, INC.')).toBe('northwind logistics');
  });
});
