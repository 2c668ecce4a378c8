import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { CompensationRefusedError } from './applied-write.ts';
import { setUpCrmTestDatabase } from './test-support.ts';

const { pool, run, rows } = setUpCrmTestDatabase();

const SELECT =
  'SELECT name, industry, employee_count, country, owner, lifecycle_stage, lead_score, enriched_at FROM crm.accounts WHERE id = $1';

async function someAccount(offset: number): Promise<string> {
  const [row] = await rows('SELECT id FROM crm.accounts ORDER BY id OFFSET $1 LIMIT 1', [offset]);
  return String(row?.id);
}

describe('crm.restore-account', () => {
  it('puts the previous values back, once per idempotency key', async () => {
    const accountId = await someAccount(0);
    const before = await rows(SELECT, [accountId]);
    const changes = {
      industry: null,
      employeeCount: 99,
      leadScore: 3,
      lifecycleStage: 'churned',
      enrichedAt: '2026-11-01T10:00:00.000Z',
    };
    await run('crm.update-account', { accountId, changes }, 'run-1:update');
    expect(await rows(SELECT, [accountId])).not.toEqual(before);
    const first = await run('crm.restore-account', { writeKey: 'run-1:update' }, 'run-1:undo');
    expect(first).toMatchObject({
      accountId,
      outcome: 'restored',
      restored: Object.keys(changes).sort(),
      account: { id: accountId },
    });
    expect(await rows(SELECT, [accountId])).toEqual(before);
    // Repeated: the first result, nothing written again.
    await pool.query('UPDATE crm.accounts SET lead_score = 50 WHERE id = $1', [accountId]);
    expect(await run('crm.restore-account', { writeKey: 'run-1:update' }, 'run-1:undo')).toEqual(
      first,
    );
    expect(await rows(SELECT, [accountId])).toEqual([{ ...before[0], lead_score: 50 }]);
    expect(
      await rows(`SELECT tool FROM crm.applied_writes WHERE idempotency_key = 'run-1:undo'`),
    ).toEqual([{ tool: 'crm.restore-account' }]);
  });

  it('refuses a key that applied no crm.update-account', async () => {
    await expect(
      run('crm.restore-account', { writeKey: 'never-written' }, 'run-2:undo'),
    ).rejects.toThrow(CompensationRefusedError);
  });

  it('refuses bad input, naming the field', async () => {
    await expect(run('crm.restore-account', { writeKey: 7 }, 'run-3:undo')).rejects.toThrow(
      ToolInputError,
    );
    await expect(run('crm.restore-account', {}, 'run-3:undo')).rejects.toThrow(/writeKey/);
  });

  it('fails with a ContractError when the restored account breaks the contract', async () => {
    const accountId = await someAccount(1);
    await run('crm.update-account', { accountId, changes: { leadScore: 40 } }, 'run-4:update');
    await pool.query('ALTER TABLE crm.accounts DROP CONSTRAINT accounts_employee_count_check');
    await pool.query('UPDATE crm.accounts SET employee_count = -3 WHERE id = $1', [accountId]);
    await expect(
      run('crm.restore-account', { writeKey: 'run-4:update' }, 'run-4:undo'),
    ).rejects.toThrow(ContractError);
  });
});
