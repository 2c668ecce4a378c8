import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { RecordNotFoundError } from './address.ts';
import { addressTools } from './index.ts';
import { rejection, seededPool, toolRunner } from './testing.ts';

let pool: pg.Pool;
let run: ReturnType<typeof toolRunner>;
let contact: pg.QueryResultRow;

beforeAll(async () => {
  pool = await seededPool(testDatabaseUrl);
  run = toolRunner(pool, addressTools);
  const { rows } = await pool.query('SELECT * FROM crm.contacts ORDER BY email LIMIT 1');
  [contact] = rows;
});

afterAll(async () => {
  await pool.end();
});

describe('crm.get-contact-address', () => {
  it('returns the address by email and by id', async () => {
    const expected = {
      contact_id: contact.id,
      account_id: contact.account_id,
      email: contact.email,
      name: `${contact.first_name} ${contact.last_name}`,
      address: {
        line1: contact.line1,
        line2: contact.line2,
        city: contact.city,
        postal_code: contact.postal_code,
        region: contact.region,
        country: contact.country,
      },
    };
    expect(await run('crm.get-contact-address', { email: contact.email.toUpperCase() })).toEqual(
      expected,
    );
    expect(await run('crm.get-contact-address', { contact_id: contact.id })).toEqual(expected);
  });

  it('names the bad field of the input', async () => {
    const error = await rejection(run('crm.get-contact-address', { email: 'not an email' }));
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toMatch(/email: /);
    const neither = await rejection(run('crm.get-contact-address', {}));
    expect(neither).toBeInstanceOf(ToolInputError);
    expect(neither.message).toMatch(/contact_id: give exactly one of contact_id or email/);
  });

  it('fails for good when no contact matches', async () => {
    const error = await rejection(
      run('crm.get-contact-address', { email: 'nobody@nowhere.example' }),
    );
    expect(error).toBeInstanceOf(RecordNotFoundError);
  });

  it('fails with a ContractError when the CRM holds a country that is not alpha-2', async () => {
    await pool.query('ALTER TABLE crm.contacts DROP CONSTRAINT contacts_country_check');
    await pool.query(`UPDATE crm.contacts SET country = 'DEU' WHERE id = $1`, [contact.id]);
    const error = await rejection(run('crm.get-contact-address', { contact_id: contact.id }));
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toMatch(/address.country: must be an ISO 3166-1 alpha-2 code/);
  });
});
