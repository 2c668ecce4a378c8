/**
 * `crm.upsert-account`: creates the account for a domain, or updates the one the CRM has, once
 * per idempotency key.
 *
 * The domain (normalised as crm.create-account does) names the account. An account that exists
 * keeps its name and owner: renaming or reassigning an account is a sales decision
 * (crm.update-account), not something enrichment does on the side. Only the descriptive fields
 * (industry, employeeCount, country, lifecycleStage, leadScore) are updated, and only when given
 * and different, so the result's `previous` and `account` differ in exactly what this call changed.
 */
import type pg from 'pg';
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { ZUndo } from './applied-write.ts';
import { insertAccount, newAccountValues, ZAccountDomain } from './create-account.ts';
import { accountChanges, describeAccount } from './preview.ts';
import { readAccount } from './read.ts';
import { LIFECYCLE_STAGES, type TAccount, toAccount, ZAccount } from './records.ts';
import { type TAccountFields, writeAccountFields, ZAccountFields } from './update-account.ts';

/** The fields an upsert writes onto an account that already exists. */
export const UPSERTED_FIELDS = [
  'industry',
  'employeeCount',
  'country',
  'lifecycleStage',
  'leadScore',
] as const;

const ZInput = z.object({
  domain: ZAccountDomain.describe('The company web domain that names the account; a URL works.'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('Account name for a new account; an existing account keeps its name.'),
  owner: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe('Owner of a new account; an existing account keeps its owner.'),
  industry: z.string().trim().min(1).max(100).optional(),
  employeeCount: z.number().int().positive().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as DE')
    .optional(),
  lifecycleStage: z
    .enum(LIFECYCLE_STAGES)
    .optional()
    .describe('Stage to set; a new account without one starts as "prospect".'),
  leadScore: z.number().int().min(0).max(100).optional(),
});
type TInput = z.infer<typeof ZInput>;

/** The upsert's result, which crm.undo-account-upsert reads back. */
export const ZUpsertAccountResult = z.object({
  account: ZAccount,
  created: z.boolean(),
  /** The account before this call; null when this call created it. */
  previous: ZAccount.nullable(),
  /** The input of crm.undo-account-upsert that undoes this upsert. */
  undo: ZUndo,
});
export type TUpsertAccountResult = z.infer<typeof ZUpsertAccountResult>;

/** The upserted fields on which `after` differs from `before`, with `before`'s values. */
export function changedFields(before: TAccount, after: TAccount): TAccountFields {
  const changed = UPSERTED_FIELDS.filter((field) => before[field] !== after[field]);
  return ZAccountFields.parse(Object.fromEntries(changed.map((field) => [field, before[field]])));
}

function lockByDomain(client: pg.PoolClient, domain: string): Promise<TAccount | null> {
  return readAccount(client, { domain }, true);
}

async function insertNew(client: pg.PoolClient, input: TInput): Promise<TAccount | null> {
  const values = newAccountValues(input);
  const { rows } = await insertAccount(client, values, ' ON CONFLICT (domain) DO NOTHING');
  return rows.length === 0 ? null : toAccount(rows[0]);
}

/**
 * The fields an upsert writes onto the existing account `before`: the upserted fields given
 * and different from what it holds.
 */
function fieldsToUpdate(before: TAccount, input: TInput): TAccountFields {
  const changed = UPSERTED_FIELDS.filter(
    (field) => input[field] !== undefined && input[field] !== before[field],
  );
  return ZAccountFields.parse(Object.fromEntries(changed.map((f) => [f, input[f]])));
}

/** Creates or updates the account for a domain and returns it with what it was before. */
export const crmUpsertAccount = defineTool({
  name: 'crm.upsert-account',
  description:
    'Create the CRM account for a company domain, or update the account that already has that ' +
    'domain (the domain is normalised; a URL works). Input { domain, name, owner, industry?, ' +
    'employeeCount?, country? (ISO alpha-2), lifecycleStage?, leadScore? (0-100) }. A new ' +
    'account gets every given field (lifecycleStage defaults to "prospect"). An existing account ' +
    'keeps its name and owner; industry, employeeCount, country, lifecycleStage and leadScore are ' +
    'changed when given, omitted ones stay. Returns { account, created, previous (the account ' +
    'before, or null when created), undo (the input of crm.undo-account-upsert) }. Idempotent ' +
    'per step; undone by crm.undo-account-upsert.',
  input: ZInput,
  output: ZUpsertAccountResult,
  sideEffect: 'write',
  idempotent: true,
  reversible: true,
  compensation: 'crm.undo-account-upsert',
  retry: { maxAttempts: 3 },
  timeoutMs: 10_000,
  provenance: {
    keys: { domain: 'company.domain' },
    identifies: { 'account.id': 'crm.account-id', 'account.domain': 'company.domain' },
  },
  async preview(input, { clients }) {
    const existing = await readAccount(clients.db, { domain: input.domain });
    if (existing === null) {
      return {
        target: `CRM account ${input.domain} (new)`,
        changes: accountChanges(null, newAccountValues(input)),
      };
    }
    return {
      target: describeAccount(existing),
      changes: accountChanges(existing, fieldsToUpdate(existing, input)),
    };
  },
  async run(input, context) {
    return applyOnce(
      context.clients.db,
      {
        system: 'crm',
        tool: 'crm.upsert-account',
        idempotencyKey: context.idempotencyKey,
        request: input,
      },
      async (client) => {
        const undo = { writeKey: context.idempotencyKey };
        let previous = await lockByDomain(client, input.domain);
        if (previous === null) {
          const account = await insertNew(client, input);
          if (account) return { account, created: true, previous: null, undo };
          // Another transaction created it since our SELECT: update that one instead.
          previous = await lockByDomain(client, input.domain);
          if (previous === null) throw new Error(`Account ${input.domain} vanished mid-upsert`);
        }
        const fields = fieldsToUpdate(previous, input);
        const account =
          Object.keys(fields).length === 0
            ? previous
            : await writeAccountFields(client, previous.id, fields);
        return { account: account ?? previous, created: false, previous, undo };
      },
    );
  },
});
