import { describe, expect, it } from 'vitest';
import { ContractError, ToolInputError } from '../errors.ts';
import { setUpCrmTestDatabase } from './test-support.ts';

const { pool, run, rows } = setUpCrmTestDatabase();

interface Found {
  candidates: { account: { id: string; name: string; domain: string }; reasons: string[] }[];
}

describe('crm.find-accounts', () => {
  it('finds an account by a messy domain, first, with the reason "domain"', async () => {
    const [account] = await rows('SELECT id, domain FROM crm.accounts ORDER BY domain LIMIT 1');
    const result = (await run('crm.find-accounts', {
      domain: `https://www.${account?.domain}/contact`,
    })) as Found;
    expect(result.candidates[0]?.account.id).toBe(account?.id);
    expect(result.candidates[0]?.reasons).toContain('domain');
  });

  it('finds the same company under another spelling of its name (legal suffix, case)', async () => {
    await pool.query(
      `INSERT INTO crm.accounts (name, domain, owner) VALUES ('Zephyr Dynamics GmbH', 'zephyr.de', 'Alex Morgan')`,
    );
    const result = (await run('crm.find-accounts', { name: 'ZEPHYR DYNAMICS, Inc.' })) as Found;
    expect(result.candidates).toEqual([
      expect.objectContaining({
        account: expect.objectContaining({ name: 'Zephyr Dynamics GmbH' }),
        reasons: ['name-normalized'],
      }),
    ]);
    const exact = (await run('crm.find-accounts', { name: 'zephyr dynamics gmbh' })) as Found;
    expect(exact.candidates[0]?.reasons[0]).toBe('name-exact');
  });

  it('finds the seeded near-duplicate accounts of one company', async () => {
    const duplicates = await rows(
      `SELECT a.name FROM crm.accounts a WHERE lifecycle_stage = 'prospect' ORDER BY created_at DESC LIMIT 400`,
    );
    let pairs = 0;
    for (const { name } of duplicates) {
      const result = (await run('crm.find-accounts', { name })) as Found;
      if (result.candidates.length > 1) pairs += 1;
    }
    expect(pairs).toBeGreaterThanOrEqual(5);
  });

  it('returns no candidates for an unknown company', async () => {
    expect(
      await run('crm.find-accounts', { domain: 'nobody-here.example', name: 'Nobody Here' }),
    ).toEqual({ candidates: [] });
  });

  it('refuses input with neither domain nor name, naming the field', async () => {
    await expect(run('crm.find-accounts', {})).rejects.toThrow(ToolInputError);
    await expect(run('crm.find-accounts', {})).rejects.toThrow(/domain: give a domain/);
    await expect(run('crm.find-accounts', { name: 'x', limit: 0 })).rejects.toThrow(/name|limit/);
  });

  it('fails with a ContractError when the CRM returns a negative lead score', async () => {
    await pool.query('ALTER TABLE crm.accounts DROP CONSTRAINT accounts_lead_score_check');
    await pool.query(
      `INSERT INTO crm.accounts (name, domain, owner, lead_score) VALUES ('Broken Ltd', 'broken.example', 'Sam Okafor', -5)`,
    );
    await expect(run('crm.find-accounts', { domain: 'broken.example' })).rejects.toThrow(
      ContractError,
    );
  });
});
