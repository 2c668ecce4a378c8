// Lead enrichment end to end on the embedded engine, with the offline planner: a new company
// (auto), a customer account (review: approve and reject), an unknown company (turned down), a
// CRM write failing once (retried) and the contact write failing for good after the account
// was written (the account is compensated away, the run dead-lettered). CRM rows are checked.
import { describe, expect, it } from 'vitest';
import { replayRun } from '../../server/engine/index.ts';
import { testWorker, waitForRun } from '../engine/support.ts';
import {
  decide,
  failUpdates,
  pendingItem,
  pool,
  registry,
  startAndSettle,
  stepsOf,
  validationOf,
} from './support.ts';

let counter = 0;

/** A company the directory knows and the CRM has under no similar name or domain. */
async function newCompany() {
  counter += 1;
  const { rows } = await pool.query<{
    domain: string;
    legal_name: string;
    industry: string;
    country: string;
  }>(
    `SELECT d.domain, d.legal_name, d.industry, d.country FROM directory.companies d
     WHERE NOT EXISTS (SELECT 1 FROM crm.accounts a WHERE a.domain = d.domain
                         OR lower(a.name) = lower(d.legal_name)
                         OR split_part(a.domain, '.', 1) = split_part(d.domain, '.', 1))
     ORDER BY d.domain OFFSET $1 LIMIT 1`,
    [counter * 3],
  );
  const company = rows[0];
  if (!company) throw new Error('the seed has no company outside the CRM');
  return company;
}

/** A customer account whose company the directory knows under the same name, with no look-alike. */
async function customerAccount(offset: number) {
  const { rows } = await pool.query<{
    id: string;
    domain: string;
    name: string;
    industry: string | null;
    lead_score: number | null;
  }>(
    `SELECT a.id, a.domain, a.name, a.industry, a.lead_score FROM crm.accounts a
     JOIN directory.companies d ON d.domain = a.domain
     WHERE a.lifecycle_stage = 'customer' AND lower(d.legal_name) = lower(a.name)
       AND NOT EXISTS (SELECT 1 FROM crm.accounts o WHERE o.id <> a.id
                         AND split_part(o.domain, '.', 1) = split_part(a.domain, '.', 1))
     ORDER BY a.domain OFFSET $1 LIMIT 1`,
    [offset],
  );
  const account = rows[0];
  if (!account) throw new Error('the seed has no such customer account');
  return account;
}

const lead = (company: { domain: string; legal_name?: string; name?: string }, email: string) => ({
  companyName: company.legal_name ?? company.name ?? '',
  domain: company.domain,
  contact: { email, firstName: 'Ada', lastName: 'Brandt', title: 'Head of Operations' },
  owner: 'Sam Okafor',
  source: 'Trade fair Hanover 2026',
});

async function accountByDomain(domain: string) {
  const { rows } = await pool.query(
    `SELECT id, name, industry, country, employee_count, lead_score, owner, lifecycle_stage
     FROM crm.accounts WHERE domain = $1`,
    [domain],
  );
  return rows;
}
async function contactByEmail(email: string) {
  const { rows } = await pool.query(
    'SELECT account_id, first_name, last_name, title FROM crm.contacts WHERE email = $1',
    [email],
  );
  return rows;
}

describe('lead enrichment', () => {
  it('creates the account of a new company from the directory, scored, with the contact', async () => {
    const company = await newCompany();
    const email = `ada.brandt@${company.domain}`;
    const run = await startAndSettle('lead-enrichment', lead(company, email));

    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ outcome: 'completed', route: 'auto' });
    const [account] = await accountByDomain(company.domain);
    expect(account).toMatchObject({
      name: company.legal_name,
      industry: company.industry,
      country: company.country,
      owner: 'Sam Okafor',
      lifecycle_stage: 'prospect',
    });
    expect(account.employee_count).toBeGreaterThan(0);
    expect(account.lead_score).toBeGreaterThanOrEqual(25); // a senior title alone earns 25
    expect(await contactByEmail(email)).toEqual([
      {
        account_id: account.id,
        first_name: 'Ada',
        last_name: 'Brandt',
        title: 'Head of Operations',
      },
    ]);
    expect(await validationOf(run.id)).toMatchObject({
      'company-known': true,
      'name-matches-directory': true,
      'one-account-match': true,
      'email-at-company': true,
    });
  });

  it('sends a change to a customer account to a reviewer, and writes it on approval', async () => {
    const account = await customerAccount(0);
    const email = `new.buyer@${account.domain}`;
    const run = await startAndSettle('lead-enrichment', lead(account, email));

    expect(run.status).toBe('needs_review');
    const item = await pendingItem(run.id);
    expect(item.reasons).toMatchObject([
      { code: 'policy', message: expect.stringContaining('is a customer') },
    ]);
    expect(item.proposed_writes.map((write: { tool: string }) => write.tool)).toEqual([
      'crm.upsert-account',
      'crm.upsert-contact',
    ]);
    // The contact's account is the upsert's output: it cannot be previewed before it runs.
    expect(item.proposed_writes[1]).toMatchObject({ preview: null, dependsOn: ['upsert-account'] });
    expect(await contactByEmail(email)).toEqual([]);

    const done = await decide(run.id, item.id, 'approved');
    expect(done.output).toMatchObject({ outcome: 'completed', route: 'approved' });
    const [after] = await accountByDomain(account.domain);
    expect(after).toMatchObject({
      id: account.id,
      name: account.name,
      lifecycle_stage: 'customer',
    });
    expect(after.lead_score).not.toBeNull();
    expect(await contactByEmail(email)).toMatchObject([{ account_id: account.id }]);
  });

  it('writes nothing when the reviewer rejects it', async () => {
    const account = await customerAccount(1);
    const before = await accountByDomain(account.domain);
    const email = `someone.else@${account.domain}`;
    const run = await startAndSettle('lead-enrichment', lead(account, email));
    const item = await pendingItem(run.id);

    const done = await decide(run.id, item.id, 'rejected', 'not-a-lead');

    expect(done.output).toMatchObject({ outcome: 'rejected', by: 'reviewer', action: null });
    expect(await accountByDomain(account.domain)).toEqual(before);
    expect(await contactByEmail(email)).toEqual([]);
  });

  it('turns down a company the directory does not know, and writes nothing', async () => {
    const run = await startAndSettle(
      'lead-enrichment',
      lead(
        { domain: 'unheard-of-widgets.example', legal_name: 'Unheard Of Widgets' },
        'x@unheard-of-widgets.example',
      ),
    );
    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({
      outcome: 'rejected',
      by: 'rules',
      reasons: expect.arrayContaining([expect.objectContaining({ code: 'company-known' })]),
    });
    expect(await accountByDomain('unheard-of-widgets.example')).toEqual([]);
  });

  it('retries a CRM write refused once, and creates the account once', async () => {
    const company = await newCompany();
    const restore = await failUpdates('crm.accounts', 1, 'CRM is busy', 'INSERT');
    try {
      const run = await startAndSettle('lead-enrichment', lead(company, `ops@${company.domain}`));
      expect(run.status).toBe('succeeded');
      const upsert = (await stepsOf(run.id)).find((step) => step.step_id === 'tool:upsert-account');
      expect(upsert).toMatchObject({ status: 'succeeded', attempt_count: 2 });
      expect(await accountByDomain(company.domain)).toHaveLength(1);
    } finally {
      await restore();
    }
  });

  it('removes the account it created when the contact cannot be written, and dead-letters the run', async () => {
    const company = await newCompany();
    const email = `ops@${company.domain}`;
    const restore = await failUpdates(
      'crm.contacts',
      Number.POSITIVE_INFINITY,
      'contacts table locked',
      'INSERT',
    );
    try {
      const run = await startAndSettle('lead-enrichment', lead(company, email));
      expect(run.status).toBe('dead');
      const steps = await stepsOf(run.id);
      expect(steps.find((step) => step.step_id === 'compensate:upsert-account')).toMatchObject({
        kind: 'compensate',
        status: 'succeeded',
      });
      const { rows } = await pool.query(
        'SELECT step_id, message FROM dead_letters WHERE run_id = $1',
        [run.id],
      );
      expect(rows).toMatchObject([{ step_id: 'tool:upsert-contact' }]);
      expect(rows[0].message).toContain('earlier writes compensated: upsert-account');
      expect(await accountByDomain(company.domain)).toEqual([]);
      expect(await contactByEmail(email)).toEqual([]);

      // Resuming would skip the compensated account write; a replay from the start redoes it.
      await expect(
        replayRun(pool, registry, { runId: run.id, mode: 'from_failed_step' }),
      ).rejects.toThrow(/compensated; resuming it would skip them/);
      await restore();
      testWorker(registry);
      const replay = await replayRun(pool, registry, { runId: run.id, mode: 'from_start' });
      const replayed = await waitForRun(
        replay.runId,
        ['succeeded', 'dead', 'needs_review'],
        30_000,
      );
      expect(replayed.status).toBe('succeeded');
      const [account] = await accountByDomain(company.domain);
      expect(await contactByEmail(email)).toMatchObject([{ account_id: account.id }]);
    } finally {
      await restore();
    }
  });
});
