import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { rejection, seededPool, toolRunner } from '../addresses/testing.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { billingTools } from './index.ts';

let pool: pg.Pool;
let run: ReturnType<typeof toolRunner>;
let customerNumber: string;

const COLUMNS =
  'billing_line1 AS line1, billing_line2 AS line2, billing_city AS city, ' +
  'billing_postal_code AS postal_code, billing_region AS region, billing_country AS country';
const newAddress = {
  line1: 'Keizersgracht 1',
  city: 'Amsterdam',
  postal_code: '1015 CJ',
  country: 'NL',
};

async function address(): Promise<pg.QueryResultRow | undefined> {
  const { rows } = await pool.query(
    `SELECT ${COLUMNS} FROM billing.customers WHERE customer_number = $1`,
    [customerNumber],
  );
  return rows[0];
}

beforeAll(async () => {
  pool = await seededPool(testDatabaseUrl);
  run = toolRunner(pool, billingTools);
  const { rows } = await pool.query(
    'SELECT customer_number FROM billing.customers ORDER BY customer_number LIMIT 1',
  );
  customerNumber = String(rows[0]?.customer_number);
});

afterAll(async () => {
  await pool.end();
});

describe('billing.restore-billing-address', () => {
  it('puts the previous billing address back, once per idempotency key', async () => {
    const original = await address();
    const update = await run(
      'billing.update-billing-address',
      { customer_number: customerNumber, address: newAddress },
      'run-1:billing',
    );
    expect(await address()).toEqual({ ...newAddress, line2: null, region: null });
    const restored = await run('billing.restore-billing-address', update, 'run-1:billing:undo');
    expect(restored).toEqual({ customer_number: customerNumber, address: original });
    expect(await address()).toEqual(original);
    await pool.query(
      `UPDATE billing.customers SET billing_city = 'Utrecht' WHERE customer_number = $1`,
      [customerNumber],
    );
    expect(await run('billing.restore-billing-address', update, 'run-1:billing:undo')).toEqual(
      restored,
    );
    expect((await address())?.city).toBe('Utrecht');
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM billing.applied_writes WHERE idempotency_key = 'run-1:billing:undo'`,
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('names the bad field of the input', async () => {
    const { city: _city, ...withoutCity } = newAddress;
    const error = await rejection(
      run('billing.restore-billing-address', {
        customer_number: customerNumber,
        previous_address: withoutCity,
      }),
    );
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toMatch(/previous_address\.city: /);
  });

  it('fails with a ContractError when the stored address breaks the contract', async () => {
    await pool.query(
      'ALTER TABLE billing.customers DROP CONSTRAINT customers_billing_country_check',
    );
    await pool.query(
      `CREATE FUNCTION billing.widen_country() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN NEW.billing_country := NEW.billing_country || 'X'; RETURN NEW; END $$`,
    );
    await pool.query(
      `CREATE TRIGGER widen_country BEFORE UPDATE ON billing.customers
       FOR EACH ROW EXECUTE FUNCTION billing.widen_country()`,
    );
    const error = await rejection(
      run(
        'billing.restore-billing-address',
        { customer_number: customerNumber, previous_address: newAddress },
        'run-2:billing:undo',
      ),
    );
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toMatch(/address.country/);
  });
});
