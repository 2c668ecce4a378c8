import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { AmbiguousRecordError, RecordNotFoundError } from '../addresses/address.ts';
import { rejection, seededPool, toolRunner } from '../addresses/testing.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { billingTools } from './index.ts';

let pool: pg.Pool;
let run: ReturnType<typeof toolRunner>;
let customer: pg.QueryResultRow;

beforeAll(async () => {
  pool = await seededPool(testDatabaseUrl);
  run = toolRunner(pool, billingTools);
  const { rows } = await pool.query(
    'SELECT * FROM billing.customers WHERE crm_account_id IS NOT NULL ORDER BY customer_number LIMIT 1',
  );
  [customer] = rows;
});

afterAll(async () => {
  await pool.end();
});

describe('billing.get-customer', () => {
  it('returns the billing address and email by customer number and by CRM account id', async () => {
    const expected = {
      customer_number: customer.customer_number,
      crm_account_id: customer.crm_account_id,
      name: customer.name,
      email: customer.email,
      currency: customer.currency,
      billing_address: {
        line1: customer.billing_line1,
        line2: customer.billing_line2,
        city: customer.billing_city,
        postal_code: customer.billing_postal_code,
        region: customer.billing_region,
        country: customer.billing_country,
      },
    };
    expect(
      await run('billing.get-customer', { customer_number: customer.customer_number }),
    ).toEqual(expected);
    expect(await run('billing.get-customer', { crm_account_id: customer.crm_account_id })).toEqual(
      expected,
    );
  });

  it('names the bad field of the input', async () => {
    const error = await rejection(run('billing.get-customer', { customer_number: '10001' }));
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toMatch(/customer_number: must look like C-10001/);
    const both = await rejection(
      run('billing.get-customer', {
        customer_number: customer.customer_number,
        crm_account_id: customer.crm_account_id,
      }),
    );
    expect(both).toBeInstanceOf(ToolInputError);
    expect(both.message).toMatch(/give exactly one of customer_number or crm_account_id/);
  });

  it('fails for good when no customer, or more than one, matches', async () => {
    expect(
      await rejection(run('billing.get-customer', { customer_number: 'C-99999' })),
    ).toBeInstanceOf(RecordNotFoundError);
    await pool.query(
      `INSERT INTO billing.customers (customer_number, crm_account_id, name, email, currency,
         billing_line1, billing_city, billing_postal_code, billing_country)
       VALUES ('C-99998', $1, 'Twin', 'twin@example.com', 'EUR', 'A 1', 'Bonn', '53111', 'DE')`,
      [customer.crm_account_id],
    );
    const error = await rejection(
      run('billing.get-customer', { crm_account_id: customer.crm_account_id }),
    );
    expect(error).toBeInstanceOf(AmbiguousRecordError);
    await pool.query(`DELETE FROM billing.customers WHERE customer_number = 'C-99998'`);
  });

  it('fails with a ContractError when billing holds a country that is not alpha-2', async () => {
    await pool.query(
      'ALTER TABLE billing.customers DROP CONSTRAINT customers_billing_country_check',
    );
    await pool.query(`UPDATE billing.customers SET billing_country = 'DEU' WHERE id = $1`, [
      customer.id,
    ]);
    const error = await rejection(
      run('billing.get-customer', { customer_number: customer.customer_number }),
    );
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toMatch(/billing_address.country: must be an ISO 3166-1 alpha-2 code/);
  });
});
