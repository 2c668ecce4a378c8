import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { rejection, seededPool, toolRunner } from '../addresses/testing.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { shippingTools } from './index.ts';

let pool: pg.Pool;
let run: ReturnType<typeof toolRunner>;

const COLUMNS = 'line1, line2, city, postal_code, region, country';
const newAddress = {
  line1: 'Friedrichstraße 12',
  line2: '3. OG',
  city: 'Berlin',
  postal_code: '10117',
  region: 'Berlin',
  country: 'DE',
};

async function profile(offset: number): Promise<pg.QueryResultRow> {
  const { rows } = await pool.query(
    `SELECT id, customer_reference, ${COLUMNS} FROM shipping.delivery_profiles
     WHERE is_default ORDER BY customer_reference OFFSET $1 LIMIT 1`,
    [offset],
  );
  const [row] = rows;
  if (!row) throw new Error('the seed has too few delivery profiles');
  return row;
}

async function addressOf(id: string): Promise<pg.QueryResultRow | undefined> {
  const { rows } = await pool.query(
    `SELECT ${COLUMNS}, instructions FROM shipping.delivery_profiles WHERE id = $1`,
    [id],
  );
  return rows[0];
}

beforeAll(async () => {
  pool = await seededPool(testDatabaseUrl);
  run = toolRunner(pool, shippingTools);
});

afterAll(async () => {
  await pool.end();
});

describe('shipping.update-delivery-address', () => {
  it('writes the new address, keeps the instructions, and returns the previous address', async () => {
    const { id, customer_reference, ...previous } = await profile(0);
    const instructions = (await addressOf(id))?.instructions;
    const result = await run(
      'shipping.update-delivery-address',
      { customer_reference, address: newAddress },
      'run-a:shipping',
    );
    expect(result).toEqual({
      profile_id: id,
      customer_reference,
      address: newAddress,
      previous_address: previous,
    });
    expect(await addressOf(id)).toEqual({ ...newAddress, instructions });
  });

  it('applies a repeated idempotency key once and returns the first result', async () => {
    const { id, customer_reference } = await profile(1);
    const input = { customer_reference, profile_id: id, address: newAddress };
    const first = await run('shipping.update-delivery-address', input, 'run-b:shipping');
    await pool.query(`UPDATE shipping.delivery_profiles SET city = 'Potsdam' WHERE id = $1`, [id]);
    expect(await run('shipping.update-delivery-address', input, 'run-b:shipping')).toEqual(first);
    expect((await addressOf(id))?.city).toBe('Potsdam');
    const { rows } = await pool.query(
      'SELECT tool FROM shipping.applied_writes WHERE idempotency_key = $1',
      ['run-b:shipping'],
    );
    expect(rows).toEqual([{ tool: 'shipping.update-delivery-address' }]);
  });

  it('names the bad fields of the address and writes nothing', async () => {
    const { id, customer_reference, ...previous } = await profile(2);
    const { city: _city, ...withoutCity } = newAddress;
    const error = await rejection(
      run('shipping.update-delivery-address', {
        customer_reference,
        address: { ...withoutCity, country: 'Germany' },
      }),
    );
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toMatch(/address\.city: .*; address\.country: must be an ISO 3166-1/);
    expect(await addressOf(id)).toMatchObject(previous);
  });

  it('fails with a ContractError when the stored previous address breaks the contract', async () => {
    const { id, customer_reference } = await profile(3);
    await pool.query(
      'ALTER TABLE shipping.delivery_profiles DROP CONSTRAINT delivery_profiles_country_check',
    );
    await pool.query(`UPDATE shipping.delivery_profiles SET country = 'DEU' WHERE id = $1`, [id]);
    const error = await rejection(
      run('shipping.update-delivery-address', { customer_reference, address: newAddress }, 'c'),
    );
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toMatch(/previous_address.country/);
  });
});
