import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { rejection, seededPool, toolRunner } from '../addresses/testing.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { shippingTools } from './index.ts';

let pool: pg.Pool;
let run: ReturnType<typeof toolRunner>;
let profile: pg.QueryResultRow;

const COLUMNS = 'line1, line2, city, postal_code, region, country';
const newAddress = {
  line1: 'Keizersgracht 1',
  city: 'Amsterdam',
  postal_code: '1015 CJ',
  country: 'NL',
};

async function address(): Promise<pg.QueryResultRow | undefined> {
  const { rows } = await pool.query(
    `SELECT ${COLUMNS} FROM shipping.delivery_profiles WHERE id = $1`,
    [profile.id],
  );
  return rows[0];
}

beforeAll(async () => {
  pool = await seededPool(testDatabaseUrl);
  run = toolRunner(pool, shippingTools);
  const { rows } = await pool.query(
    'SELECT id, customer_reference FROM shipping.delivery_profiles WHERE is_default ORDER BY customer_reference LIMIT 1',
  );
  [profile] = rows;
});

afterAll(async () => {
  await pool.end();
});

describe('shipping.restore-delivery-address', () => {
  it('puts the previous delivery address back, once per idempotency key', async () => {
    const original = await address();
    const update = await run(
      'shipping.update-delivery-address',
      { customer_reference: profile.customer_reference, address: newAddress },
      'run-1:shipping',
    );
    expect(await address()).toEqual({ ...newAddress, line2: null, region: null });
    const restored = await run('shipping.restore-delivery-address', update, 'run-1:shipping:undo');
    expect(restored).toEqual({ profile_id: profile.id, address: original });
    expect(await address()).toEqual(original);
    await pool.query(`UPDATE shipping.delivery_profiles SET city = 'Utrecht' WHERE id = $1`, [
      profile.id,
    ]);
    expect(await run('shipping.restore-delivery-address', update, 'run-1:shipping:undo')).toEqual(
      restored,
    );
    expect((await address())?.city).toBe('Utrecht');
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM shipping.applied_writes WHERE idempotency_key = 'run-1:shipping:undo'`,
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('names the bad field of the input', async () => {
    const error = await rejection(
      run('shipping.restore-delivery-address', {
        customer_reference: profile.customer_reference,
        profile_id: profile.id,
        previous_address: { ...newAddress, country: 'Netherlands' },
      }),
    );
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toMatch(/previous_address\.country: must be an ISO 3166-1/);
  });

  it('fails with a ContractError when the stored address breaks the contract', async () => {
    await pool.query(
      'ALTER TABLE shipping.delivery_profiles DROP CONSTRAINT delivery_profiles_country_check',
    );
    await pool.query(
      `CREATE FUNCTION shipping.widen_country() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN NEW.country := NEW.country || 'X'; RETURN NEW; END $$`,
    );
    await pool.query(
      `CREATE TRIGGER widen_country BEFORE UPDATE ON shipping.delivery_profiles
       FOR EACH ROW EXECUTE FUNCTION shipping.widen_country()`,
    );
    const error = await rejection(
      run(
        'shipping.restore-delivery-address',
        {
          customer_reference: profile.customer_reference,
          profile_id: profile.id,
          previous_address: newAddress,
        },
        'run-2:shipping:undo',
      ),
    );
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toMatch(/address.country/);
  });
});
