/** `crm.create-account`: a new CRM account, once per idempotency key. */
import type pg from 'pg';
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { normalizeDomain } from '../directory/normalize-domain.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { alreadyExists, refuseDuplicates, ZUndo } from './applied-write.ts';
import { accountChanges } from './preview.ts';
import { readAccount } from './read.ts';
import { ACCOUNT_COLUMNS, LIFECYCLE_STAGES, toAccount, ZAccount } from './records.ts';

/** An account's web domain, normalised as the CRM stores it (`https://www.Acme.com/` → `acme.com`). */
export const ZAccountDomain = z
  .string()
  .min(3)
  .max(253)
  .transform(normalizeDomain)
  .pipe(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a web domain such as acme.com'));

const ZInput = z.object({
  name: z.string().trim().min(1).max(200),
  domain: ZAccountDomain,
  owner: z.string().trim().min(1).max(100),
  industry: z.string().trim().min(1).max(100).optional(),
  employeeCount: z.number().int().positive().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as DE')
    .optional(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).default('prospect'),
  leadScore: z.number().int().min(0).max(100).optional(),
});

/** The values a new account gets from a create's (or upsert's) input; omitted fields are null. */
export function newAccountValues(input: {
  name: string;
  domain: string;
  owner: string;
  industry?: string;
  employeeCount?: number;
  country?: string;
  lifecycleStage?: (typeof LIFECYCLE_STAGES)[number];
  leadScore?: number;
}) {
  return {
    name: input.name,
    domain: input.domain,
    owner: input.owner,
    industry: input.industry ?? null,
    employeeCount: input.employeeCount ?? null,
    country: input.country ?? null,
    lifecycleStage: input.lifecycleStage ?? 'prospect',
    leadScore: input.leadScore ?? null,
  };
}

/** Inserts a new account with `values` and returns its row (a duplicate domain: 23505). */
export function insertAccount(
  client: pg.PoolClient,
  values: ReturnType<typeof newAccountValues>,
  onConflict = '',
) {
  return client.query(
    `INSERT INTO crm.accounts (name, domain, owner, industry, employee_count, country,
                               lifecycle_stage, lead_score)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)${onConflict} RETURNING ${ACCOUNT_COLUMNS}`,
    [
      values.name,
      values.domain,
      values.owner,
      values.industry,
      values.employeeCount,
      values.country,
      values.lifecycleStage,
      values.leadScore,
    ],
  );
}

/** The create's result, which crm.delete-account reads back to know what it may delete. */
export const ZCreateAccountResult = z.object({
  account: ZAccount,
  /** The input of crm.delete-account that undoes this create. */
  undo: ZUndo,
});

/** Creates an account; a repeated call with the same key returns the first account. */
export const crmCreateAccount = defineTool({
  name: 'crm.create-account',
  description:
    'Create a CRM account for a company. Call crm.find-accounts first: a domain that already ' +
    'has an account is refused. Needs name, domain (normalised) and owner; industry, ' +
    'employeeCount, country (ISO alpha-2), lifecycleStage (default "prospect") and leadScore ' +
    '(0-100) are optional. Returns { account, undo } (undo: the input of crm.delete-account). Idempotent per step; undone by crm.delete-account.',
  input: ZInput,
  output: ZCreateAccountResult,
  sideEffect: 'write',
  idempotent: true,
  reversible: true,
  compensation: 'crm.delete-account',
  retry: { maxAttempts: 3 },
  timeoutMs: 10_000,
  async preview(input, { clients }) {
    if (await readAccount(clients.db, { domain: input.domain })) {
      throw alreadyExists(`An account for ${input.domain}`);
    }
    return {
      target: `CRM account ${input.domain} (new)`,
      changes: accountChanges(null, newAccountValues(input)),
    };
  },
  async run(input, context) {
    return applyOnce(
      context.clients.db,
      {
        system: 'crm',
        tool: 'crm.create-account',
        idempotencyKey: context.idempotencyKey,
        request: input,
      },
      async (client) => {
        const { rows } = await refuseDuplicates(`An account for ${input.domain}`, () =>
          insertAccount(client, newAccountValues(input)),
        );
        return { account: toAccount(rows[0]), undo: { writeKey: context.idempotencyKey } };
      },
    );
  },
});
