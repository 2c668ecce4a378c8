/** `crm.create-account`: a new CRM account, once per idempotency key. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { normalizeDomain } from '../directory/normalize-domain.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { refuseDuplicates, ZUndo } from './applied-write.ts';
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
          client.query(
            `INSERT INTO crm.accounts (name, domain, owner, industry, employee_count, country,
                                       lifecycle_stage, lead_score)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${ACCOUNT_COLUMNS}`,
            [
              input.name,
              input.domain,
              input.owner,
              input.industry ?? null,
              input.employeeCount ?? null,
              input.country ?? null,
              input.lifecycleStage,
              input.leadScore ?? null,
            ],
          ),
        );
        return { account: toAccount(rows[0]), undo: { writeKey: context.idempotencyKey } };
      },
    );
  },
});
