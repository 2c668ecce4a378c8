import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { CompensationRefusedError } from './applied-write.ts';
import { setUpCrmTestDatabase } from './test-support.ts';

const { pool, run, rows } = setUpCrmTestDatabase();

async function create(domain: string, key: string): Promise<string> {
  const result = await run(
    'crm.create-account',
    { name: `Account ${domain}`, domain, owner: 'Priya Raman' },
    key,
  );
  return (result as { account: { id: string } }).account.id;
}

describe('crm.delete-account', () => {
  it('deletes the account its key created, once per idempotency key', async () => {
    const before = await rows('SELECT count(*)::int AS n FROM crm.accounts');
    const id = await create('undo-me.example', 'run-1:create');
    const first = await run('crm.delete-account', { writeKey: 'run-1:create' }, 'run-1:undo');
    expect(first).toMatchObject({ accountId: id, outcome: 'deleted', deleted: { id } });
    const second = await run('crm.delete-account', { writeKey: 'run-1:create' }, 'run-1:undo');
    expect(second).toEqual(first);
    expect(await rows('SELECT count(*)::int AS n FROM crm.accounts')).toEqual(before);
    expect(
      await rows(`SELECT tool FROM crm.applied_writes WHERE idempotency_key = 'run-1:undo'`),
    ).toEqual([{ tool: 'crm.delete-account' }]);
    // Another compensation step of the same write finds nothing left to delete.
    expect(
      await run('crm.delete-account', { writeKey: 'run-1:create' }, 'run-1:undo-again'),
    ).toEqual({ accountId: id, outcome: 'already-gone', deleted: null });
  });

  it('refuses a key that created no account, and an account that has contacts', async () => {
    await expect(
      run('crm.delete-account', { writeKey: 'never-written' }, 'run-2:undo'),
    ).rejects.toThrow(CompensationRefusedError);
    const id = await create('has-people.example', 'run-3:create');
    await pool.query(
      `INSERT INTO crm.contacts (account_id, first_name, last_name, email)
       VALUES ($1, 'Ada', 'Lovelace', 'ada@has-people.example')`,
      [id],
    );
    await expect(
      run('crm.delete-account', { writeKey: 'run-3:create' }, 'run-3:undo'),
    ).rejects.toThrow(/has 1 contact/);
    expect(await rows('SELECT id FROM crm.accounts WHERE id = $1', [id])).toEqual([{ id }]);
  });

  it('refuses bad input, naming the field', async () => {
    await expect(run('crm.delete-account', { writeKey: '' }, 'run-4:undo')).rejects.toThrow(
      ToolInputError,
    );
    await expect(run('crm.delete-account', {}, 'run-4:undo')).rejects.toThrow(/writeKey/);
  });

  it('fails with a ContractError when the deleted row breaks the contract', async () => {
    const id = await create('broken.example', 'run-5:create');
    await pool.query('ALTER TABLE crm.accounts DROP CONSTRAINT accounts_employee_count_check');
    await pool.query('UPDATE crm.accounts SET employee_count = -3 WHERE id = $1', [id]);
    await expect(
      run('crm.delete-account', { writeKey: 'run-5:create' }, 'run-5:undo'),
    ).rejects.toThrow(ContractError);
  });
});
