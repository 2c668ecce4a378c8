import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { rejection, seededPool, toolRunner } from '../addresses/testing.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { billingTools } from './index.ts';

let pool: pg.Pool;
let run: ReturnType<typeof toolRunner>;

const COLUMNS =
  'billing_line1 AS line1, billing_line2 AS line2, billing_city AS city, ' +
  'billing_postal_code AS postal_code, billing_region AS region, billing_country AS country';
const newAddress = {
  line1: 'Friedrichstraße 12',
  line2: '3. OG',
  city: 'Berlin',
  postal_code: '10117',
  region: 'Berlin',
  country: 'DE',
};

async function customer(offset: number): Promise<pg.QueryResultRow> {
  const { rows } = await pool.query(
    `SELECT id, customer_number, ${COLUMNS} FROM billing.customers
     ORDER BY customer_number OFFSET $1 LIMIT 1`,
    [offset],
  );
  const [row] = rows;
  if (!row) throw new Error('the seed has too few customers');
  return row;
}

async function addressOf(id: string): Promise<pg.QueryResultRow | undefined> {
  const { rows } = await pool.query(`SELECT ${COLUMNS} FROM billing.customers WHERE id = $1`, [id]);
  return rows[0];
}

beforeAll(async () => {
  pool = await seededPool(testDatabaseUrl);
  run = toolRunner(pool, billingTools);
});

afterAll(async () => {
  await pool.end();
});

describe('billing.update-billing-address', () => {
  it('writes the new billing address and returns the previous one', async () => {
    const { id, customer_number, ...previous } = await customer(0);
    const result = await run(
      'billing.update-billing-address',
      { customer_number, address: newAddress },
      'run-a:billing',
    );
    expect(result).toEqual({ customer_number, address: newAddress, previous_address: previous });
    expect(await addressOf(id)).toEqual(newAddress);
  });

  it('applies a repeated idempotency key once and returns the first result', async () => {
    const { id, customer_number } = await customer(1);
    const input = { customer_number, address: newAddress };
    const first = await run('billing.update-billing-address', input, 'run-b:billing');
    await pool.query(`UPDATE billing.customers SET billing_city = 'Potsdam' WHERE id = $1`, [id]);
    expect(await run('billing.update-billing-address', input, 'run-b:billing')).toEqual(first);
    expect((await addressOf(id))?.city).toBe('Potsdam');
    const { rows } = await pool.query(
      'SELECT tool FROM billing.applied_writes WHERE idempotency_key = $1',
      ['run-b:billing'],
    );
    expect(rows).toEqual([{ tool: 'billing.update-billing-address' }]);
  });

  it('names the bad fields of the address and writes nothing', async () => {
    const { id, customer_number, ...previous } = await customer(2);
    const { city: _city, ...withoutCity } = newAddress;
    const error = await rejection(
      run('billing.update-billing-address', {
        customer_number,
        address: { ...withoutCity, country: 'Germany' },
      }),
    );
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toMatch(/address\.city: .*; address\.country: must be an ISO 3166-1/);
    expect(await addressOf(id)).toEqual(previous);
  });

  it('fails with a ContractError when the stored previous address breaks the contract', async () => {
    const { id, customer_number } = await customer(3);
    await pool.query(
      'ALTER TABLE billing.customers DROP CONSTRAINT customers_billing_country_check',
    );
    await pool.query(`UPDATE billing.customers SET billing_country = 'DEU' WHERE id = $1`, [id]);
    const error = await rejection(
      run('billing.update-billing-address', { customer_number, address: newAddress }, 'run-c'),
    );
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toMatch(/previous_address.country/);
  });
});
