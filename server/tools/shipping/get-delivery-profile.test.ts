import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { RecordNotFoundError } from '../addresses/address.ts';
import { rejection, seededPool, toolRunner } from '../addresses/testing.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { shippingTools } from './index.ts';

let pool: pg.Pool;
let run: ReturnType<typeof toolRunner>;
let profile: pg.QueryResultRow;

function expected(row: pg.QueryResultRow) {
  return {
    profile_id: row.id,
    customer_reference: row.customer_reference,
    name: row.name,
    address: {
      line1: row.line1,
      line2: row.line2,
      city: row.city,
      postal_code: row.postal_code,
      region: row.region,
      country: row.country,
    },
    instructions: row.instructions,
    is_default: row.is_default,
  };
}

beforeAll(async () => {
  pool = await seededPool(testDatabaseUrl);
  run = toolRunner(pool, shippingTools);
  const { rows } = await pool.query(
    'SELECT * FROM shipping.delivery_profiles WHERE is_default ORDER BY customer_reference LIMIT 1',
  );
  [profile] = rows;
});

afterAll(async () => {
  await pool.end();
});

describe('shipping.get-delivery-profile', () => {
  it("returns the customer's default profile, or the one named", async () => {
    const reference = profile.customer_reference;
    expect(await run('shipping.get-delivery-profile', { customer_reference: reference })).toEqual(
      expected(profile),
    );
    const { rows } = await pool.query(
      `INSERT INTO shipping.delivery_profiles (customer_reference, name, line1, city, postal_code, country)
       VALUES ($1, 'Warehouse', 'Hafenstraße 2', 'Bremen', '28217', 'DE') RETURNING *`,
      [reference],
    );
    const [other] = rows;
    if (!other) throw new Error('insert returned nothing');
    expect(await run('shipping.get-delivery-profile', { customer_reference: reference })).toEqual(
      expected(profile),
    );
    expect(
      await run('shipping.get-delivery-profile', {
        customer_reference: reference,
        profile_id: other.id,
      }),
    ).toEqual(expected(other));
  });

  it('names the bad field of the input', async () => {
    const error = await rejection(
      run('shipping.get-delivery-profile', { customer_reference: 'Evergreen' }),
    );
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toMatch(/customer_reference: must be a billing customer number/);
  });

  it('fails for good when the customer has no profile', async () => {
    const error = await rejection(
      run('shipping.get-delivery-profile', { customer_reference: 'C-99999' }),
    );
    expect(error).toBeInstanceOf(RecordNotFoundError);
  });

  it('fails with a ContractError when shipping holds a country that is not alpha-2', async () => {
    await pool.query(
      'ALTER TABLE shipping.delivery_profiles DROP CONSTRAINT delivery_profiles_country_check',
    );
    await pool.query(`UPDATE shipping.delivery_profiles SET country = 'DEU' WHERE id = $1`, [
      profile.id,
    ]);
    const error = await rejection(
      run('shipping.get-delivery-profile', { customer_reference: profile.customer_reference }),
    );
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toMatch(/address.country: must be an ISO 3166-1 alpha-2 code/);
  });
});
