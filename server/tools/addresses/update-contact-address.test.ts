import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { addressTools } from './index.ts';
import { rejection, seededPool, toolRunner } from './testing.ts';

let pool: pg.Pool;
let run: ReturnType<typeof toolRunner>;

const ADDRESS_COLUMNS = 'line1, line2, city, postal_code, region, country';
const newAddress = {
  line1: 'Friedrichstraße 12',
  line2: '3. OG',
  city: 'Berlin',
  postal_code: '10117',
  region: 'Berlin',
  country: 'DE',
};

async function contact(offset: number): Promise<pg.QueryResultRow> {
  const { rows } = await pool.query(
    `SELECT id, email, ${ADDRESS_COLUMNS} FROM crm.contacts ORDER BY email OFFSET $1 LIMIT 1`,
    [offset],
  );
  const [row] = rows;
  if (!row) throw new Error('the seed has too few contacts');
  return row;
}

async function addressOf(id: string): Promise<pg.QueryResultRow | undefined> {
  const { rows } = await pool.query(`SELECT ${ADDRESS_COLUMNS} FROM crm.contacts WHERE id = $1`, [
    id,
  ]);
  return rows[0];
}

beforeAll(async () => {
  pool = await seededPool(testDatabaseUrl);
  run = toolRunner(pool, addressTools);
});

afterAll(async () => {
  await pool.end();
});

describe('crm.update-contact-address', () => {
  it('writes the new address and returns the previous one', async () => {
    const before = await contact(0);
    const { id, email, ...previous } = before;
    const result = await run(
      'crm.update-contact-address',
      { email, address: newAddress },
      'run-a:crm',
    );
    expect(result).toEqual({
      contact_id: id,
      email,
      address: newAddress,
      previous_address: previous,
      previous_columns: {
        ...previous,
        line2: previous.line2 ?? null,
        region: previous.region ?? null,
      },
    });
    expect(await addressOf(id)).toEqual(newAddress);
  });

  it('applies a repeated idempotency key once and returns the first result', async () => {
    const { id } = await contact(1);
    const first = await run(
      'crm.update-contact-address',
      { contact_id: id, address: newAddress },
      'run-b:crm',
    );
    await pool.query(`UPDATE crm.contacts SET city = 'Potsdam' WHERE id = $1`, [id]);
    const second = await run(
      'crm.update-contact-address',
      { contact_id: id, address: newAddress },
      'run-b:crm',
    );
    expect(second).toEqual(first);
    expect((await addressOf(id))?.city).toBe('Potsdam');
    const { rows } = await pool.query(
      'SELECT tool FROM crm.applied_writes WHERE idempotency_key = $1',
      ['run-b:crm'],
    );
    expect(rows).toEqual([{ tool: 'crm.update-contact-address' }]);
  });

  it('names the bad fields of the address and writes nothing', async () => {
    const before = await contact(2);
    const { city: _city, ...withoutCity } = newAddress;
    const error = await rejection(
      run('crm.update-contact-address', {
        contact_id: before.id,
        address: { ...withoutCity, country: 'Germany' },
      }),
    );
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toMatch(/address\.city: .*; address\.country: must be an ISO 3166-1/);
    const { id: _id, email: _email, ...previous } = before;
    expect(await addressOf(before.id)).toEqual(previous);
  });

  it('fails with a ContractError when the stored previous address breaks the contract', async () => {
    const { id } = await contact(3);
    await pool.query('ALTER TABLE crm.contacts DROP CONSTRAINT contacts_country_check');
    await pool.query(`UPDATE crm.contacts SET country = 'DEU' WHERE id = $1`, [id]);
    const error = await rejection(
      run('crm.update-contact-address', { contact_id: id, address: newAddress }, 'run-c:crm'),
    );
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toMatch(/previous_address.country/);
  });
});
