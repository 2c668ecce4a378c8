import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { setUpCrmTestDatabase } from './test-support.ts';

const { pool, run, rows } = setUpCrmTestDatabase();

describe('crm.get-account', () => {
  it('returns the account with all its contacts', async () => {
    const [row] = await rows(
      `SELECT account_id, count(*)::int AS n FROM crm.contacts GROUP BY account_id
        ORDER BY n DESC, account_id LIMIT 1`,
    );
    const result = await run('crm.get-account', { accountId: row?.account_id });
    expect(result).toMatchObject({ found: true, account: { id: row?.account_id } });
    const contacts = (result as { contacts: { accountId: string; email: string }[] }).contacts;
    expect(contacts).toHaveLength(row?.n);
    for (const contact of contacts) expect(contact.accountId).toBe(row?.account_id);
  });

  it('says found: false for an unknown id', async () => {
    const accountId = '00000000-0000-4000-8000-000000000000';
    expect(await run('crm.get-account', { accountId })).toEqual({ found: false, accountId });
  });

  it('refuses an id that is not a UUID, naming the field', async () => {
    await expect(run('crm.get-account', { accountId: 'acme' })).rejects.toThrow(ToolInputError);
    await expect(run('crm.get-account', { accountId: 'acme' })).rejects.toThrow(/accountId/);
  });

  it('fails with a ContractError when a contact has an invalid email', async () => {
    const [contact] = await rows('SELECT id, account_id FROM crm.contacts ORDER BY id LIMIT 1');
    await pool.query('ALTER TABLE crm.contacts DROP CONSTRAINT contacts_email_check');
    await pool.query(`UPDATE crm.contacts SET email = 'not an email' WHERE id = $1`, [contact?.id]);
    await expect(run('crm.get-account', { accountId: contact?.account_id })).rejects.toThrow(
      ContractError,
    );
  });
});
