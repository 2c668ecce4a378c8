import { describe, expect, it } from 'vitest';
import { ToolInputError } from '../errors.ts';
import { CompensationRefusedError } from './applied-write.ts';
import { setUpCrmTestDatabase } from './test-support.ts';

const { pool, run, rows } = setUpCrmTestDatabase();

const SELECT =
  'SELECT id, name, domain, owner, industry, employee_count, country, lifecycle_stage, ' +
  'lead_score, enriched_at, created_at FROM crm.accounts WHERE domain = $1';

async function someAccountDomain(offset: number): Promise<string> {
  const [row] = await rows('SELECT domain FROM crm.accounts ORDER BY id OFFSET $1 LIMIT 1', [
    offset,
  ]);
  return String(row?.domain);
}

describe('crm.undo-account-upsert', () => {
  it('deletes the account the upsert created, once per idempotency key', async () => {
    const count = 'SELECT count(*)::int AS n FROM crm.accounts';
    const before = await rows(count);
    const created = await run(
      'crm.upsert-account',
      { domain: 'undo-create.example', name: 'Undo Create', owner: 'Priya Raman' },
      'run-1:upsert',
    );
    const undo = (created as { undo: unknown }).undo;
    const first = await run('crm.undo-account-upsert', undo, 'run-1:undo');
    expect(first).toMatchObject({ outcome: 'deleted', restored: [], account: null });
    expect(await rows(SELECT, ['undo-create.example'])).toEqual([]);
    expect(await rows(count)).toEqual(before);
    expect(await run('crm.undo-account-upsert', undo, 'run-1:undo')).toEqual(first);
    expect(
      await rows(`SELECT tool FROM crm.applied_writes WHERE idempotency_key = 'run-1:undo'`),
    ).toEqual([{ tool: 'crm.undo-account-upsert' }]);
    // Another compensation step of the same upsert finds nothing left to delete.
    expect(await run('crm.undo-account-upsert', undo, 'run-1:undo-again')).toMatchObject({
      outcome: 'already-gone',
      account: null,
    });
  });

  it('restores exactly the fields the upsert changed on an existing account', async () => {
    const domain = await someAccountDomain(0);
    const before = await rows(SELECT, [domain]);
    const [row] = before;
    const upserted = await run(
      'crm.upsert-account',
      {
        domain,
        name: 'Renamed?',
        owner: 'Reassigned?',
        industry: 'Quantum Widgets',
        employeeCount: Number(row?.employee_count ?? 0) + 1,
        lifecycleStage: row?.lifecycle_stage === 'partner' ? 'churned' : 'partner',
        country: row?.country,
      },
      'run-2:upsert',
    );
    expect(await rows(SELECT, [domain])).not.toEqual(before);
    const result = await run(
      'crm.undo-account-upsert',
      (upserted as { undo: unknown }).undo,
      'run-2:undo',
    );
    expect(result).toMatchObject({
      accountId: row?.id,
      outcome: 'restored',
      restored: ['employeeCount', 'industry', 'lifecycleStage'],
      account: { domain },
    });
    expect(await rows(SELECT, [domain])).toEqual(before);
  });

  it('leaves alone fields the upsert did not change, even if they changed since', async () => {
    const domain = await someAccountDomain(1);
    const upserted = await run(
      'crm.upsert-account',
      { domain, name: 'x', owner: 'x', leadScore: 1 },
      'run-3:upsert',
    );
    await pool.query(`UPDATE crm.accounts SET industry = 'Changed since' WHERE domain = $1`, [
      domain,
    ]);
    await run('crm.undo-account-upsert', (upserted as { undo: unknown }).undo, 'run-3:undo');
    const [after] = await rows(SELECT, [domain]);
    expect(after?.industry).toBe('Changed since');
    expect(after?.lead_score).toBe(
      (upserted as { previous: { leadScore: number | null } }).previous.leadScore,
    );
  });

  it('refuses to delete a created account that has contacts now, and a key of another tool', async () => {
    const created = await run(
      'crm.upsert-account',
      { domain: 'has-people.example', name: 'Has People', owner: 'Jonas Weber' },
      'run-4:upsert',
    );
    const id = (created as { account: { id: string } }).account.id;
    await pool.query(
      `INSERT INTO crm.contacts (account_id, first_name, last_name, email)
       VALUES ($1, 'Ada', 'Lovelace', 'ada@has-people.example')`,
      [id],
    );
    await expect(
      run('crm.undo-account-upsert', { writeKey: 'run-4:upsert' }, 'run-4:undo'),
    ).rejects.toThrow(/has 1 contact/);
    expect(await rows('SELECT id FROM crm.accounts WHERE id = $1', [id])).toEqual([{ id }]);
    await run(
      'crm.create-account',
      { domain: 'created.example', name: 'Created', owner: 'Jonas Weber' },
      'run-5:create',
    );
    await expect(
      run('crm.undo-account-upsert', { writeKey: 'run-5:create' }, 'run-5:undo'),
    ).rejects.toThrow(CompensationRefusedError);
  });

  it('refuses bad input, naming the field', async () => {
    await expect(run('crm.undo-account-upsert', { writeKey: '' }, 'run-6:undo')).rejects.toThrow(
      ToolInputError,
    );
    await expect(run('crm.undo-account-upsert', {}, 'run-6:undo')).rejects.toThrow(/writeKey/);
  });
});
