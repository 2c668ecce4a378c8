// Previews of the address change writes in the CRM, billing and shipping, which share one shape.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { billingTools } from '../billing/index.ts';
import { ToolInputError } from '../errors.ts';
import { shippingTools } from '../shipping/index.ts';
import { RecordNotFoundError } from './address.ts';
import { addressTools } from './index.ts';
import { rejection, seededPool, toolPreviewer, toolRunner } from './testing.ts';

let pool: pg.Pool;
let run: ReturnType<typeof toolRunner>;
let preview: ReturnType<typeof toolPreviewer>;

const tools = [...addressTools, ...billingTools, ...shippingTools];
const newAddress = {
  line1: 'Keizersgracht 1',
  city: 'Amsterdam',
  postal_code: '1015 CJ',
  country: 'NL',
};
const ADDRESS = 'line1, line2, city, postal_code, region, country';
const BILLING =
  'billing_line1 AS line1, billing_line2 AS line2, billing_city AS city, ' +
  'billing_postal_code AS postal_code, billing_region AS region, billing_country AS country';

/** The changes from a seeded address (a row of ADDRESS columns) to newAddress. */
function toNewAddress(row: pg.QueryResultRow) {
  const proposed: Record<string, string | null> = { line2: null, region: null, ...newAddress };
  return ['line1', 'line2', 'city', 'postal_code', 'region', 'country']
    .filter((field) => row[field] !== proposed[field])
    .map((field) => ({
      field: `address.${field}`,
      current: row[field],
      proposed: proposed[field],
    }));
}

async function one(sql: string, values: unknown[] = []): Promise<pg.QueryResultRow> {
  const { rows } = await pool.query(sql, values);
  const [row] = rows;
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
}

beforeAll(async () => {
  pool = await seededPool(testDatabaseUrl);
  run = toolRunner(pool, tools);
  preview = toolPreviewer(pool, tools);
});

afterAll(async () => {
  await pool.end();
});

describe('crm.update-contact-address preview', () => {
  it('diffs the seeded address, writes nothing, and shows nothing once written', async () => {
    const row = await one(
      `SELECT id, email, first_name, last_name, updated_at, ${ADDRESS} FROM crm.contacts ORDER BY email LIMIT 1`,
    );
    const input = { email: row.email, address: newAddress };
    const changes = toNewAddress(row);
    expect(changes.length).toBeGreaterThan(0);
    expect(await preview('crm.update-contact-address', input)).toEqual({
      target: `CRM contact ${row.email} (${row.first_name} ${row.last_name})`,
      changes,
    });
    expect(await one('SELECT * FROM crm.contacts WHERE id = $1', [row.id])).toMatchObject(row);
    const result = await run('crm.update-contact-address', input, 'run-p1:crm');
    expect(await preview('crm.update-contact-address', input)).toMatchObject({ changes: [] });
    expect(await preview('crm.restore-contact-address', result)).toMatchObject({
      changes: changes.map(({ field, current, proposed }) => ({
        field,
        current: proposed,
        proposed: current,
      })),
    });
  });

  it('fails as the write would for an unknown contact, and names bad fields', async () => {
    const missing = { email: 'nobody@nowhere.example', address: newAddress };
    expect(await rejection(preview('crm.update-contact-address', missing))).toBeInstanceOf(
      RecordNotFoundError,
    );
    const bad = await rejection(
      preview('crm.update-contact-address', {
        ...missing,
        address: { ...newAddress, country: 'NLD' },
      }),
    );
    expect(bad).toBeInstanceOf(ToolInputError);
    expect(bad.message).toMatch(/address\.country/);
  });
});

describe('billing.update-billing-address preview', () => {
  it('diffs the seeded billing address, writes nothing, and shows nothing once written', async () => {
    const row = await one(
      `SELECT id, customer_number, name, updated_at, ${BILLING} FROM billing.customers ORDER BY customer_number LIMIT 1`,
    );
    const input = { customer_number: row.customer_number, address: newAddress };
    const changes = toNewAddress(row);
    expect(await preview('billing.update-billing-address', input)).toEqual({
      target: `Billing customer ${row.customer_number} (${row.name})`,
      changes,
    });
    expect(
      await one(
        `SELECT id, customer_number, name, updated_at, ${BILLING} FROM billing.customers WHERE id = $1`,
        [row.id],
      ),
    ).toEqual(row);
    const result = await run('billing.update-billing-address', input, 'run-p2:billing');
    expect(await preview('billing.update-billing-address', input)).toMatchObject({ changes: [] });
    expect(await preview('billing.restore-billing-address', result)).toMatchObject({
      changes: changes.map(({ field, current }) => ({ field, proposed: current })),
    });
    const bad = await rejection(preview('billing.update-billing-address', { address: newAddress }));
    expect(bad).toBeInstanceOf(ToolInputError);
    expect(bad.message).toMatch(/customer_number/);
  });
});

describe('shipping.update-delivery-address preview', () => {
  it('diffs the seeded delivery address, writes nothing, and shows nothing once written', async () => {
    const row = await one(
      `SELECT id, customer_reference, name, updated_at, ${ADDRESS} FROM shipping.delivery_profiles
       WHERE is_default ORDER BY customer_reference LIMIT 1`,
    );
    const input = { customer_reference: row.customer_reference, address: newAddress };
    const changes = toNewAddress(row);
    expect(await preview('shipping.update-delivery-address', input)).toEqual({
      target: `Shipping delivery profile "${row.name}" of customer ${row.customer_reference}`,
      changes,
    });
    expect(
      await one(
        `SELECT id, customer_reference, name, updated_at, ${ADDRESS} FROM shipping.delivery_profiles WHERE id = $1`,
        [row.id],
      ),
    ).toEqual(row);
    const result = await run('shipping.update-delivery-address', input, 'run-p3:shipping');
    expect(await preview('shipping.update-delivery-address', input)).toMatchObject({ changes: [] });
    expect(await preview('shipping.restore-delivery-address', result)).toMatchObject({
      changes: changes.map(({ field, current }) => ({ field, proposed: current })),
    });
    const bad = await rejection(
      preview('shipping.update-delivery-address', {
        customer_reference: '10001',
        address: newAddress,
      }),
    );
    expect(bad).toBeInstanceOf(ToolInputError);
    expect(bad.message).toMatch(/customer_reference/);
    expect(
      await rejection(
        preview('shipping.update-delivery-address', { ...input, customer_reference: 'C-99999' }),
      ),
    ).toBeInstanceOf(RecordNotFoundError);
  });
});
