import { describe, expect, it } from 'vitest';
import { ToolInputError } from '../errors.ts';
import { setUpCrmTestDatabase } from './test-support.ts';

const { pool, run, rows } = setUpCrmTestDatabase();

const SELECT =
  'SELECT name, domain, owner, industry, employee_count, country, lifecycle_stage, lead_score, ' +
  'enriched_at, updated_at FROM crm.accounts WHERE domain = $1';

async function someAccountDomain(offset: number): Promise<string> {
  const [row] = await rows('SELECT domain FROM crm.accounts ORDER BY id OFFSET $1 LIMIT 1', [
    offset,
  ]);
  return String(row?.domain);
}

describe('crm.upsert-account', () => {
  it('creates an account for a domain the CRM does not have, with a normalised domain', async () => {
    const input = {
      domain: 'https://www.Brandnew-Widgets.example/about',
      name: 'Brandnew Widgets Ltd',
      owner: 'Sam Okafor',
      industry: 'Manufacturing',
      country: 'GB',
    };
    const result = await run('crm.upsert-account', input, 'run-1:upsert');
    expect(result).toMatchObject({
      created: true,
      previous: null,
      account: {
        domain: 'brandnew-widgets.example',
        name: 'Brandnew Widgets Ltd',
        owner: 'Sam Okafor',
        lifecycleStage: 'prospect',
        employeeCount: null,
      },
      undo: { writeKey: 'run-1:upsert' },
    });
    expect(await rows(SELECT, ['brandnew-widgets.example'])).toEqual([
      expect.objectContaining({
        name: 'Brandnew Widgets Ltd',
        owner: 'Sam Okafor',
        industry: 'Manufacturing',
        employee_count: null,
        country: 'GB',
        lifecycle_stage: 'prospect',
        lead_score: null,
      }),
    ]);
  });

  it('updates only the given descriptive fields of an existing account, keeping name and owner', async () => {
    const domain = await someAccountDomain(0);
    const [before] = await rows(SELECT, [domain]);
    const result = await run(
      'crm.upsert-account',
      {
        domain: `HTTPS://${domain.toUpperCase()}/`,
        name: 'A Different Name GmbH',
        owner: 'Someone Else',
        industry: 'Robotics',
        leadScore: 88,
      },
      'run-2:upsert',
    );
    expect(result).toMatchObject({
      created: false,
      previous: {
        domain,
        name: before?.name,
        owner: before?.owner,
        industry: before?.industry,
        leadScore: before?.lead_score,
      },
      account: { domain, name: before?.name, industry: 'Robotics', leadScore: 88 },
    });
    const [after] = await rows(SELECT, [domain]);
    expect({ ...after, updated_at: null }).toEqual({
      ...before,
      industry: 'Robotics',
      lead_score: 88,
      updated_at: null,
    });
  });

  it('leaves an existing account untouched when nothing given differs', async () => {
    const domain = await someAccountDomain(1);
    const [before] = await rows(SELECT, [domain]);
    const result = await run(
      'crm.upsert-account',
      { domain, name: 'ignored', owner: 'ignored', country: before?.country },
      'run-3:upsert',
    );
    expect(result).toMatchObject({ created: false, account: { domain }, previous: { domain } });
    expect(await rows(SELECT, [domain])).toEqual([before]);
  });

  it('applies once per idempotency key: the second call returns the first result', async () => {
    const input = { domain: 'once-only.example', name: 'Once Only', owner: 'Dana Whitfield' };
    const first = await run('crm.upsert-account', input, 'run-4:upsert');
    await pool.query(`UPDATE crm.accounts SET lead_score = 5 WHERE domain = 'once-only.example'`);
    const second = await run('crm.upsert-account', input, 'run-4:upsert');
    expect(second).toEqual(first);
    expect(await rows(SELECT, ['once-only.example'])).toEqual([
      expect.objectContaining({ name: 'Once Only', lead_score: 5 }),
    ]);
    expect(
      await rows(`SELECT tool FROM crm.applied_writes WHERE idempotency_key = 'run-4:upsert'`),
    ).toEqual([{ tool: 'crm.upsert-account' }]);
  });

  it('refuses bad input, naming the field, without claiming the key', async () => {
    const input = { domain: 'refused.example', name: 'Refused', owner: 'Alex Morgan' };
    await expect(
      run('crm.upsert-account', { ...input, country: 'Germany' }, 'run-5:upsert'),
    ).rejects.toThrow(ToolInputError);
    await expect(
      run('crm.upsert-account', { ...input, country: 'Germany' }, 'run-5:upsert'),
    ).rejects.toThrow(/country: must be an ISO 3166 alpha-2 code/);
    await expect(
      run('crm.upsert-account', { ...input, domain: 'localhost' }, 'run-5:upsert'),
    ).rejects.toThrow(/domain: must be a web domain/);
    await expect(
      run('crm.upsert-account', { ...input, leadScore: 101 }, 'run-5:upsert'),
    ).rejects.toThrow(/leadScore/);
    await expect(
      run('crm.upsert-account', { domain: 'refused.example' }, 'run-5:upsert'),
    ).rejects.toThrow(/name/);
    expect(await rows(SELECT, ['refused.example'])).toEqual([]);
    expect(
      await rows(`SELECT 1 FROM crm.applied_writes WHERE idempotency_key = 'run-5:upsert'`),
    ).toEqual([]);
  });
});
