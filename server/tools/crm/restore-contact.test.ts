import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { CompensationRefusedError } from './applied-write.ts';
import { setUpCrmTestDatabase } from './test-support.ts';

const { pool, run, rows } = setUpCrmTestDatabase();

async function someContact(offset: number) {
  const [row] = await rows('SELECT * FROM crm.contacts ORDER BY id OFFSET $1 LIMIT 1', [offset]);
  return { id: String(row?.id), accountId: String(row?.account_id), email: String(row?.email) };
}

const ALL = 'SELECT * FROM crm.contacts WHERE id = $1';
const WITHOUT_UPDATED_AT = (row: Record<string, unknown> | undefined) => {
  const { updated_at: _updatedAt, ...rest } = row ?? {};
  return rest;
};

describe('crm.restore-contact', () => {
  it('deletes a contact the upsert created, once per idempotency key', async () => {
    const { accountId } = await someContact(0);
    const created = (await run(
      'crm.upsert-contact',
      { accountId, email: 'new@example.com', firstName: 'New', lastName: 'Person' },
      'run-1:upsert',
    )) as { contact: { id: string }; undo: unknown };
    const first = await run('crm.restore-contact', created.undo, 'run-1:undo');
    expect(first).toEqual({ contactId: created.contact.id, outcome: 'deleted', contact: null });
    expect(await rows(ALL, [created.contact.id])).toEqual([]);
    expect(await run('crm.restore-contact', { writeKey: 'run-1:upsert' }, 'run-1:undo')).toEqual(
      first,
    );
    expect(
      await rows(`SELECT tool FROM crm.applied_writes WHERE idempotency_key = 'run-1:undo'`),
    ).toEqual([{ tool: 'crm.restore-contact' }]);
  });

  it('puts back every field of a contact the upsert updated', async () => {
    const contact = await someContact(1);
    const [before] = await rows(ALL, [contact.id]);
    await run(
      'crm.upsert-contact',
      {
        accountId: contact.accountId,
        email: contact.email,
        firstName: 'Changed',
        lastName: 'Name',
        phone: null,
        title: 'Chief Everything',
        address: { line1: 'Elsewhere 9', city: 'Paris', country: 'FR' },
      },
      'run-2:upsert',
    );
    expect(WITHOUT_UPDATED_AT((await rows(ALL, [contact.id]))[0])).not.toEqual(
      WITHOUT_UPDATED_AT(before),
    );
    const result = await run('crm.restore-contact', { writeKey: 'run-2:upsert' }, 'run-2:undo');
    expect(result).toMatchObject({ contactId: contact.id, outcome: 'restored' });
    expect(WITHOUT_UPDATED_AT((await rows(ALL, [contact.id]))[0])).toEqual(
      WITHOUT_UPDATED_AT(before),
    );
  });

  it('refuses a key that applied no crm.upsert-contact', async () => {
    await expect(
      run('crm.restore-contact', { writeKey: 'never-written' }, 'run-3:undo'),
    ).rejects.toThrow(CompensationRefusedError);
  });

  it('refuses bad input, naming the field', async () => {
    await expect(run('crm.restore-contact', { writeKey: '' }, 'run-4:undo')).rejects.toThrow(
      ToolInputError,
    );
    await expect(run('crm.restore-contact', {}, 'run-4:undo')).rejects.toThrow(/writeKey/);
  });

  it('fails with a ContractError when the restored contact breaks the contract', async () => {
    const contact = await someContact(2);
    await run(
      'crm.upsert-contact',
      { accountId: contact.accountId, email: contact.email, firstName: 'T', lastName: 'U' },
      'run-5:upsert',
    );
    await pool.query('ALTER TABLE crm.contacts DROP CONSTRAINT contacts_email_check');
    await pool.query(`UPDATE crm.contacts SET email = 'BROKEN' WHERE id = $1`, [contact.id]);
    await expect(
      run('crm.restore-contact', { writeKey: 'run-5:upsert' }, 'run-5:undo'),
    ).rejects.toThrow(ContractError);
  });
});
