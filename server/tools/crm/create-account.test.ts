import { describe, expect, it } from 'vitest';
import { NonRetriableError } from '../../engine/errors.ts';
import { ContractError, ToolInputError } from '../errors.ts';
import { setUpCrmTestDatabase } from './test-support.ts';

const { pool, run, rows } = setUpCrmTestDatabase();

const input = {
  name: 'Quillon Analytics GmbH',
  domain: 'https://www.Quillon.de/en',
  owner: 'Jonas Weber',
  industry: 'Software',
  employeeCount: 42,
  country: 'DE',
};

describe('crm.create-account', () => {
  it('creates the account with a normalised domain', async () => {
    const result = await run('crm.create-account', input, 'run-1:create');
    expect(result).toMatchObject({
      account: {
        name: 'Quillon Analytics GmbH',
        domain: 'quillon.de',
        owner: 'Jonas Weber',
        employeeCount: 42,
        lifecycleStage: 'prospect',
        leadScore: null,
      },
      undo: { writeKey: 'run-1:create' },
    });
    expect(await rows(`SELECT name FROM crm.accounts WHERE domain = 'quillon.de'`)).toEqual([
      { name: 'Quillon Analytics GmbH' },
    ]);
  });

  it('applies once per idempotency key: the second call returns the first result', async () => {
    const again = { ...input, domain: 'quillon-again.de' };
    const first = await run('crm.create-account', again, 'run-2:create');
    const second = await run('crm.create-account', again, 'run-2:create');
    expect(second).toEqual(first);
    expect(
      await rows(`SELECT id FROM crm.accounts WHERE domain = 'quillon-again.de'`),
    ).toHaveLength(1);
    expect(
      await rows(`SELECT tool FROM crm.applied_writes WHERE idempotency_key = 'run-2:create'`),
    ).toEqual([{ tool: 'crm.create-account' }]);
  });

  it('refuses a domain that already has an account, without claiming the key', async () => {
    const [existing] = await rows('SELECT domain FROM crm.accounts ORDER BY domain LIMIT 1');
    await expect(
      run('crm.create-account', { ...input, domain: existing?.domain }, 'run-3:create'),
    ).rejects.toThrow(NonRetriableError);
    expect(
      await rows(`SELECT 1 FROM crm.applied_writes WHERE idempotency_key = 'run-3:create'`),
    ).toEqual([]);
  });

  it('refuses bad input, naming the field', async () => {
    await expect(
      run('crm.create-account', { ...input, country: 'Germany' }, 'run-4:create'),
    ).rejects.toThrow(ToolInputError);
    await expect(
      run('crm.create-account', { ...input, domain: 'localhost' }, 'run-4:create'),
    ).rejects.toThrow(/domain: must be a web domain/);
    await expect(run('crm.create-account', { name: 'X' }, 'run-4:create')).rejects.toThrow(/owner/);
  });

  it('fails with a ContractError when the CRM stores a value the contract forbids', async () => {
    await pool.query(`
      ALTER TABLE crm.accounts DROP CONSTRAINT accounts_lead_score_check;
      CREATE FUNCTION crm.break_score() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN NEW.lead_score := -1; RETURN NEW; END $$;
      CREATE TRIGGER break_score BEFORE INSERT ON crm.accounts
        FOR EACH ROW EXECUTE FUNCTION crm.break_score();`);
    await expect(
      run('crm.create-account', { ...input, domain: 'broken.example' }, 'run-5:create'),
    ).rejects.toThrow(ContractError);
  });
});
