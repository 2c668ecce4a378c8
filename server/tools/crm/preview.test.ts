import { describe, expect, it } from 'vitest';
import { NonRetriableError } from '../../engine/errors.ts';
import { ToolInputError } from '../errors.ts';
import { setUpCrmTestDatabase } from './test-support.ts';

const { run, preview, rows } = setUpCrmTestDatabase();

const ACCOUNT =
  'SELECT id, name, domain, owner, industry, employee_count, country, lifecycle_stage, ' +
  'lead_score, updated_at FROM crm.accounts';
const CONTACT =
  'SELECT id, account_id, email, first_name, last_name, phone, title, line1, city, ' +
  'postal_code, country, updated_at FROM crm.contacts';

async function account(offset: number) {
  const [row] = await rows(`${ACCOUNT} ORDER BY domain OFFSET $1 LIMIT 1`, [offset]);
  if (!row) throw new Error('the seed has too few accounts');
  return row;
}

async function contact(offset: number) {
  const [row] = await rows(`${CONTACT} ORDER BY email OFFSET $1 LIMIT 1`, [offset]);
  if (!row) throw new Error('the seed has too few contacts');
  return row;
}

describe('crm.upsert-account preview', () => {
  it('shows every field of a new account, writes nothing, and nothing once created', async () => {
    const input = {
      domain: 'https://www.Preview-Widgets.example/',
      name: 'Preview Widgets Ltd',
      owner: 'Sam Okafor',
      country: 'GB',
    };
    expect(await preview('crm.upsert-account', input)).toEqual({
      target: 'CRM account preview-widgets.example (new)',
      changes: [
        { field: 'name', current: null, proposed: 'Preview Widgets Ltd' },
        { field: 'domain', current: null, proposed: 'preview-widgets.example' },
        { field: 'owner', current: null, proposed: 'Sam Okafor' },
        { field: 'country', current: null, proposed: 'GB' },
        { field: 'lifecycleStage', current: null, proposed: 'prospect' },
      ],
    });
    expect(await rows(`${ACCOUNT} WHERE domain = 'preview-widgets.example'`)).toEqual([]);
    await run('crm.upsert-account', input, 'run-p1:upsert');
    expect(await preview('crm.upsert-account', input)).toEqual({
      target: 'CRM account preview-widgets.example (Preview Widgets Ltd)',
      changes: [],
    });
  });

  it('shows only the descriptive fields that differ on an existing account', async () => {
    const before = await account(0);
    const leadScore = before.lead_score === 88 ? 87 : 88;
    const input = {
      domain: before.domain,
      name: 'Another Name',
      owner: 'Someone Else',
      industry: 'Preview Robotics',
      leadScore,
      lifecycleStage: before.lifecycle_stage,
    };
    expect(await preview('crm.upsert-account', input)).toEqual({
      target: `CRM account ${before.domain} (${before.name})`,
      changes: [
        { field: 'industry', current: before.industry, proposed: 'Preview Robotics' },
        { field: 'leadScore', current: before.lead_score, proposed: leadScore },
      ],
    });
    expect(await account(0)).toEqual(before);
    await run('crm.upsert-account', input, 'run-p2:upsert');
    expect(await preview('crm.upsert-account', input)).toMatchObject({ changes: [] });
  });

  it('refuses bad input, naming the field', async () => {
    const bad = preview('crm.upsert-account', { domain: 'x.example', name: 'X', country: 'DEU' });
    await expect(bad).rejects.toThrow(ToolInputError);
    await expect(bad).rejects.toThrow(/owner.*; country/);
  });
});

describe('crm.upsert-contact preview', () => {
  it('shows the changed fields of an existing contact, writes nothing, then none', async () => {
    const before = await contact(0);
    const input = {
      accountId: before.account_id,
      email: before.email.toUpperCase(),
      firstName: before.first_name,
      lastName: before.last_name,
      title: 'Chief Preview Officer',
      address: { city: 'Zwolle-Preview', country: before.country },
    };
    expect(await preview('crm.upsert-contact', input)).toEqual({
      target: `CRM contact ${before.email} (${before.first_name} ${before.last_name})`,
      changes: [
        { field: 'title', current: before.title, proposed: 'Chief Preview Officer' },
        { field: 'address.city', current: before.city, proposed: 'Zwolle-Preview' },
      ],
    });
    expect(await contact(0)).toEqual(before);
    await run('crm.upsert-contact', input, 'run-p3:contact');
    expect(await preview('crm.upsert-contact', input)).toMatchObject({ changes: [] });
  });

  it('shows a new contact at its account, and refuses what the write refuses', async () => {
    const at = await account(1);
    const input = {
      accountId: at.id,
      email: 'new.person@preview.example',
      firstName: 'New',
      lastName: 'Person',
      phone: '+31 20 555 0101',
    };
    expect(await preview('crm.upsert-contact', input)).toEqual({
      target: `CRM contact new.person@preview.example (new, at CRM account ${at.domain} (${at.name}))`,
      changes: [
        { field: 'accountId', current: null, proposed: at.id },
        { field: 'email', current: null, proposed: 'new.person@preview.example' },
        { field: 'firstName', current: null, proposed: 'New' },
        { field: 'lastName', current: null, proposed: 'Person' },
        { field: 'phone', current: null, proposed: '+31 20 555 0101' },
      ],
    });
    expect(await rows(`${CONTACT} WHERE email = 'new.person@preview.example'`)).toEqual([]);
    const missing = { ...input, accountId: '00000000-0000-4000-8000-000000000000' };
    await expect(preview('crm.upsert-contact', missing)).rejects.toThrow(NonRetriableError);
    await expect(preview('crm.upsert-contact', missing)).rejects.toThrow(/no CRM account/);
    const bad = preview('crm.upsert-contact', { ...input, email: 'not-an-email' });
    await expect(bad).rejects.toThrow(ToolInputError);
    await expect(bad).rejects.toThrow(/email/);
  });
});

describe('the other CRM write previews', () => {
  it('crm.create-account: a new account, refused for a domain the CRM has', async () => {
    const input = { name: 'Fresh Co', domain: 'fresh-preview.example', owner: 'Dana Whitfield' };
    expect(await preview('crm.create-account', input)).toMatchObject({
      target: 'CRM account fresh-preview.example (new)',
      changes: [
        { field: 'name', proposed: 'Fresh Co' },
        { field: 'domain', proposed: 'fresh-preview.example' },
        { field: 'owner', proposed: 'Dana Whitfield' },
        { field: 'lifecycleStage', proposed: 'prospect' },
      ],
    });
    const existing = await account(2);
    await expect(
      preview('crm.create-account', { ...input, domain: existing.domain }),
    ).rejects.toThrow(/already exists in the CRM/);
  });

  it('crm.update-account and crm.restore-account: the change, then its undo', async () => {
    const before = await account(3);
    const input = { accountId: before.id, changes: { owner: 'Preview Owner' } };
    expect(await preview('crm.update-account', input)).toEqual({
      target: `CRM account ${before.domain} (${before.name})`,
      changes: [{ field: 'owner', current: before.owner, proposed: 'Preview Owner' }],
    });
    const updated = (await run('crm.update-account', input, 'run-p4:update')) as {
      undo: unknown;
    };
    expect(await preview('crm.restore-account', updated.undo)).toEqual({
      target: `CRM account ${before.domain} (${before.name})`,
      changes: [{ field: 'owner', current: 'Preview Owner', proposed: before.owner }],
    });
  });

  it('crm.delete-account and crm.undo-account-upsert: every field of the account cleared', async () => {
    const input = { name: 'Short Lived', domain: 'short-lived.example', owner: 'Alex Morgan' };
    const created = (await run('crm.create-account', input, 'run-p5:create')) as {
      undo: unknown;
    };
    const cleared = [
      { field: 'name', current: 'Short Lived', proposed: null },
      { field: 'domain', current: 'short-lived.example', proposed: null },
      { field: 'owner', current: 'Alex Morgan', proposed: null },
      { field: 'lifecycleStage', current: 'prospect', proposed: null },
    ];
    expect(await preview('crm.delete-account', created.undo)).toEqual({
      target: 'CRM account short-lived.example (Short Lived), deleted',
      changes: cleared,
    });
    const upserted = (await run(
      'crm.upsert-account',
      { ...input, domain: 'upserted.example' },
      'run-p5:upsert',
    )) as { undo: unknown };
    expect(await preview('crm.undo-account-upsert', upserted.undo)).toMatchObject({
      target: 'CRM account upserted.example (Short Lived), deleted',
      changes: [
        { field: 'name' },
        { field: 'domain' },
        { field: 'owner' },
        { field: 'lifecycleStage' },
      ],
    });
    expect(await rows(`${ACCOUNT} WHERE domain = 'short-lived.example'`)).toHaveLength(1);
  });

  it('crm.restore-contact: the overwritten values back', async () => {
    const before = await contact(1);
    const upserted = (await run(
      'crm.upsert-contact',
      {
        accountId: before.account_id,
        email: before.email,
        firstName: before.first_name,
        lastName: before.last_name,
        phone: '+49 30 555 0199',
      },
      'run-p6:contact',
    )) as { undo: unknown };
    expect(await preview('crm.restore-contact', upserted.undo)).toEqual({
      target: `CRM contact ${before.email} (${before.first_name} ${before.last_name})`,
      changes: [{ field: 'phone', current: '+49 30 555 0199', proposed: before.phone }],
    });
  });
});
