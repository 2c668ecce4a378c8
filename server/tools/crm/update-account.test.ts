import { describe, expect, it } from 'vitest';
import { NonRetriableError } from '../../engine/errors.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { setUpCrmTestDatabase } from './test-support.ts';

const { pool, run, rows } = setUpCrmTestDatabase();

const SELECT =
  'SELECT industry, employee_count, lead_score, updated_at FROM crm.accounts WHERE id = $1';

async function someAccount(offset: number): Promise<string> {
  const [row] = await rows('SELECT id FROM crm.accounts ORDER BY id OFFSET $1 LIMIT 1', [offset]);
  return String(row?.id);
}

describe('crm.update-account', () => {
  it('changes the fields and returns their previous values', async () => {
    const accountId = await someAccount(0);
    const [before] = await rows(SELECT, [accountId]);
    const changes = { industry: 'Robotics', employeeCount: 1234, leadScore: 77 };
    const result = await run('crm.update-account', { accountId, changes }, 'run-1:update');
    expect(result).toMatchObject({
      account: { id: accountId, ...changes },
      previous: {
        industry: before?.industry,
        employeeCount: before?.employee_count,
        leadScore: before?.lead_score,
      },
      undo: { writeKey: 'run-1:update' },
    });
    expect(await rows(SELECT, [accountId])).toEqual([
      expect.objectContaining({ industry: 'Robotics', employee_count: 1234, lead_score: 77 }),
    ]);
  });

  it('applies once per idempotency key: the second call returns the first result', async () => {
    const accountId = await someAccount(1);
    const input = { accountId, changes: { leadScore: 12 } };
    const first = await run('crm.update-account', input, 'run-2:update');
    const [afterFirst] = await rows(SELECT, [accountId]);
    const second = await run('crm.update-account', input, 'run-2:update');
    expect(second).toEqual(first);
    expect(await rows(SELECT, [accountId])).toEqual([afterFirst]);
    expect(
      await rows(`SELECT tool FROM crm.applied_writes WHERE idempotency_key = 'run-2:update'`),
    ).toEqual([{ tool: 'crm.update-account' }]);
  });

  it('refuses an unknown account without claiming the key', async () => {
    const accountId = '00000000-0000-4000-8000-000000000000';
    await expect(
      run('crm.update-account', { accountId, changes: { leadScore: 1 } }, 'run-3:update'),
    ).rejects.toThrow(NonRetriableError);
    expect(
      await rows(`SELECT 1 FROM crm.applied_writes WHERE idempotency_key = 'run-3:update'`),
    ).toEqual([]);
  });

  it('refuses bad input, naming the field', async () => {
    const accountId = await someAccount(2);
    await expect(
      run('crm.update-account', { accountId, changes: { leadScore: 101 } }, 'run-4:update'),
    ).rejects.toThrow(ToolInputError);
    await expect(
      run('crm.update-account', { accountId, changes: { employeeCount: -1 } }, 'run-4:update'),
    ).rejects.toThrow(/changes.employeeCount/);
    await expect(
      run('crm.update-account', { accountId, changes: {} }, 'run-4:update'),
    ).rejects.toThrow(/changes: name at least one field/);
  });

  it('fails with a ContractError when the account holds a value the contract forbids', async () => {
    const accountId = await someAccount(3);
    await pool.query('ALTER TABLE crm.accounts DROP CONSTRAINT accounts_employee_count_check');
    await pool.query('UPDATE crm.accounts SET employee_count = -3 WHERE id = $1', [accountId]);
    await expect(
      run('crm.update-account', { accountId, changes: { industry: 'Retail' } }, 'run-5:update'),
    ).rejects.toThrow(ContractError);
  });
});
