import { describe, expect, it } from 'vitest';
import { NonRetriableError } from '../../engine/errors.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { setUpCrmTestDatabase } from './test-support.ts';

const { pool, run, rows } = setUpCrmTestDatabase();

const SELECT =
  'SELECT account_id, email, first_name, last_name, phone, title, city, country FROM crm.contacts WHERE email = $1';

async function someContact(offset: number) {
  const [row] = await rows('SELECT * FROM crm.contacts ORDER BY id OFFSET $1 LIMIT 1', [offset]);
  return { id: String(row?.id), accountId: String(row?.account_id), email: String(row?.email) };
}

describe('crm.upsert-contact', () => {
  it('creates a contact for a new email, in lower case', async () => {
    const { accountId } = await someContact(0);
    const input = {
      accountId,
      email: ' Grace.Hopper@Example.COM ',
      firstName: 'Grace',
      lastName: 'Hopper',
      title: 'CTO',
      address: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    };
    const result = await run('crm.upsert-contact', input, 'run-1:upsert');
    expect(result).toMatchObject({
      created: true,
      previous: null,
      contact: { accountId, email: 'grace.hopper@example.com', title: 'CTO' },
      undo: { writeKey: 'run-1:upsert' },
    });
    expect(await rows(SELECT, ['grace.hopper@example.com'])).toEqual([
      {
        account_id: accountId,
        email: 'grace.hopper@example.com',
        first_name: 'Grace',
        last_name: 'Hopper',
        phone: null,
        title: 'CTO',
        city: 'Berlin',
        country: 'DE',
      },
    ]);
  });

  it('updates the contact with that email, keeping omitted fields and returning the previous one', async () => {
    const contact = await someContact(1);
    const [before] = await rows(SELECT, [contact.email]);
    const result = await run(
      'crm.upsert-contact',
      {
        accountId: contact.accountId,
        email: contact.email,
        firstName: 'Ann',
        lastName: 'Lee',
        title: 'CFO',
      },
      'run-2:upsert',
    );
    expect(result).toMatchObject({
      created: false,
      contact: { id: contact.id, firstName: 'Ann', title: 'CFO' },
      previous: { id: contact.id, firstName: before?.first_name, title: before?.title },
    });
    expect(await rows(SELECT, [contact.email])).toEqual([
      { ...before, first_name: 'Ann', last_name: 'Lee', title: 'CFO' },
    ]);
  });

  it('applies once per idempotency key: the second call returns the first result', async () => {
    const { accountId } = await someContact(2);
    const input = { accountId, email: 'once@example.com', firstName: 'On', lastName: 'Ce' };
    const first = await run('crm.upsert-contact', input, 'run-3:upsert');
    await pool.query(
      `UPDATE crm.contacts SET title = 'Changed since' WHERE email = 'once@example.com'`,
    );
    const second = await run('crm.upsert-contact', input, 'run-3:upsert');
    expect(second).toEqual(first);
    expect(await rows(SELECT, ['once@example.com'])).toEqual([
      expect.objectContaining({ title: 'Changed since' }),
    ]);
    expect(
      await rows(`SELECT tool FROM crm.applied_writes WHERE idempotency_key = 'run-3:upsert'`),
    ).toEqual([{ tool: 'crm.upsert-contact' }]);
  });

  it('refuses to move a contact to another account, or to add one to no account', async () => {
    const a = await someContact(3);
    const b = await someContact(4);
    const moved = { accountId: b.accountId, email: a.email, firstName: 'X', lastName: 'Y' };
    if (a.accountId !== b.accountId) {
      await expect(run('crm.upsert-contact', moved, 'run-4:upsert')).rejects.toThrow(
        /another account/,
      );
    }
    await expect(
      run(
        'crm.upsert-contact',
        { ...moved, accountId: '00000000-0000-4000-8000-000000000000' },
        'run-4:upsert',
      ),
    ).rejects.toThrow(NonRetriableError);
  });

  it('refuses bad input, naming the field', async () => {
    const { accountId } = await someContact(5);
    const input = { accountId, email: 'not-an-email', firstName: 'A', lastName: 'B' };
    await expect(run('crm.upsert-contact', input, 'run-5:upsert')).rejects.toThrow(ToolInputError);
    await expect(run('crm.upsert-contact', input, 'run-5:upsert')).rejects.toThrow(/email/);
    await expect(
      run(
        'crm.upsert-contact',
        { ...input, email: 'a@b.example', address: { country: 'Germany' } },
        'run-5:upsert',
      ),
    ).rejects.toThrow(/address.country/);
  });

  it('fails with a ContractError when the contact holds a value the contract forbids', async () => {
    const contact = await someContact(6);
    await pool.query('ALTER TABLE crm.contacts DROP CONSTRAINT contacts_country_check');
    await pool.query(`UPDATE crm.contacts SET country = 'Germany' WHERE id = $1`, [contact.id]);
    await expect(
      run(
        'crm.upsert-contact',
        { accountId: contact.accountId, email: contact.email, firstName: 'A', lastName: 'B' },
        'run-6:upsert',
      ),
    ).rejects.toThrow(ContractError);
  });
});
