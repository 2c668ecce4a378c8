import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { addressTools } from './index.ts';
import { rejection, seededPool, toolRunner } from './testing.ts';

let pool: pg.Pool;
let run: ReturnType<typeof toolRunner>;
let contact: pg.QueryResultRow;

const ADDRESS_COLUMNS = 'line1, line2, city, postal_code, region, country';
const newAddress = {
  line1: 'Keizersgracht 1',
  city: 'Amsterdam',
  postal_code: '1015 CJ',
  country: 'NL',
};

async function address(): Promise<pg.QueryResultRow | undefined> {
  const { rows } = await pool.query(`SELECT ${ADDRESS_COLUMNS} FROM crm.contacts WHERE id = $1`, [
    contact.id,
  ]);
  return rows[0];
}

beforeAll(async () => {
  pool = await seededPool(testDatabaseUrl);
  run = toolRunner(pool, addressTools);
  const { rows } = await pool.query('SELECT id FROM crm.contacts ORDER BY email LIMIT 1');
  [contact] = rows;
});

afterAll(async () => {
  await pool.end();
});

describe('crm.restore-contact-address', () => {
  it('puts the previous address back, once per idempotency key', async () => {
    const original = await address();
    const update = await run(
      'crm.update-contact-address',
      { contact_id: contact.id, address: newAddress },
      'run-1:crm',
    );
    expect(await address()).toEqual({ ...newAddress, line2: null, region: null });
    const restored = await run('crm.restore-contact-address', update, 'run-1:crm:undo');
    expect(restored).toEqual({ contact_id: contact.id, address: original });
    expect(await address()).toEqual(original);
    await pool.query(`UPDATE crm.contacts SET city = 'Utrecht' WHERE id = $1`, [contact.id]);
    expect(await run('crm.restore-contact-address', update, 'run-1:crm:undo')).toEqual(restored);
    expect((await address())?.city).toBe('Utrecht');
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM crm.applied_writes WHERE idempotency_key = 'run-1:crm:undo'`,
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('names the bad field of the input', async () => {
    const error = await rejection(
      run('crm.restore-contact-address', {
        contact_id: contact.id,
        previous_address: { ...newAddress, country: 'Netherlands' },
      }),
    );
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toMatch(/previous_address\.country: must be an ISO 3166-1/);
  });

  it('fails with a ContractError when the stored address breaks the contract', async () => {
    await pool.query('ALTER TABLE crm.contacts DROP CONSTRAINT contacts_country_check');
    await pool.query(
      `CREATE FUNCTION crm.widen_country() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN NEW.country := NEW.country || 'X'; RETURN NEW; END $$`,
    );
    await pool.query(
      `CREATE TRIGGER widen_country BEFORE UPDATE ON crm.contacts
       FOR EACH ROW EXECUTE FUNCTION crm.widen_country()`,
    );
    const error = await rejection(
      run(
        'crm.restore-contact-address',
        { contact_id: contact.id, previous_address: newAddress },
        'run-2:crm:undo',
      ),
    );
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toMatch(/address.country/);
  });
});
