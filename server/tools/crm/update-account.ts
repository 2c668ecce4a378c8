/** `crm.update-account`: changes fields of a CRM account, once per idempotency key. */
import type pg from 'pg';
import { z } from 'zod';
import { NonRetriableError } from '../../engine/errors.ts';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { ZUndo } from './applied-write.ts';
import { accountChanges, describeAccount } from './preview.ts';
import { readAccount } from './read.ts';
import {
  ACCOUNT_COLUMNS,
  LIFECYCLE_STAGES,
  type TAccount,
  toAccount,
  ZAccount,
} from './records.ts';

/** The account fields a tool may change, and their columns. */
const COLUMNS = {
  name: 'name',
  industry: 'industry',
  employeeCount: 'employee_count',
  country: 'country',
  owner: 'owner',
  lifecycleStage: 'lifecycle_stage',
  leadScore: 'lead_score',
  enrichedAt: 'enriched_at',
} as const;
type TField = keyof typeof COLUMNS;

/** Values of the changeable fields (null clears a field that may be empty). */
export const ZAccountFields = z
  .object({
    name: z.string().trim().min(1).max(200),
    industry: z.string().trim().min(1).max(100).nullable(),
    employeeCount: z.number().int().positive().nullable(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as DE')
      .nullable(),
    owner: z.string().trim().min(1).max(100),
    lifecycleStage: z.enum(LIFECYCLE_STAGES),
    leadScore: z.number().int().min(0).max(100).nullable(),
    enrichedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .partial()
  .strict();
export type TAccountFields = z.infer<typeof ZAccountFields>;

const ZInput = z.object({
  accountId: z.uuid(),
  changes: ZAccountFields.refine((changes) => Object.keys(changes).length > 0, {
    message: 'name at least one field to change',
  }),
});

/** The update's result, which crm.restore-account reads back. */
export const ZUpdateAccountResult = z.object({
  account: ZAccount,
  /** The changed fields' values before the update. */
  previous: ZAccountFields,
  /** The input of crm.restore-account that undoes this update. */
  undo: ZUndo,
});

/** Writes `fields` to account `id` and returns the account as it is now (null: no such account). */
export async function writeAccountFields(
  client: pg.PoolClient,
  id: string,
  fields: TAccountFields,
): Promise<TAccount | null> {
  const entries = (Object.keys(fields) as TField[]).map((field) => [field, fields[field]] as const);
  const assignments = entries.map(([field], index) => `${COLUMNS[field]} = $${index + 2}`);
  const { rows } = await client.query(
    `UPDATE crm.accounts SET ${[...assignments, 'updated_at = now()'].join(', ')}
      WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
    [id, ...entries.map(([, value]) => value ?? null)],
  );
  return rows.length === 0 ? null : toAccount(rows[0]);
}

/** The refusal of a write to an account that does not exist. */
export function noSuchAccount(accountId: string): NonRetriableError {
  return new NonRetriableError(`There is no CRM account ${accountId}.`);
}

/** Updates an account's fields and returns it with the values it had before. */
export const crmUpdateAccount = defineTool({
  name: 'crm.update-account',
  description:
    'Update fields of one CRM account: any of name, industry, employeeCount, country (ISO ' +
    'alpha-2), owner, lifecycleStage, leadScore (0-100), enrichedAt (ISO timestamp); null clears ' +
    'an optional field. Input { accountId, changes }. Returns { account, previous, undo }: ' +
    "previous holds the changed fields' old values; undo is the input of crm.restore-account, " +
    'which undoes it. Idempotent per step.',
  input: ZInput,
  output: ZUpdateAccountResult,
  sideEffect: 'write',
  idempotent: true,
  reversible: true,
  compensation: 'crm.restore-account',
  retry: { maxAttempts: 3 },
  timeoutMs: 10_000,
  async preview(input, { clients }) {
    const account = await readAccount(clients.db, { id: input.accountId });
    if (account === null) throw noSuchAccount(input.accountId);
    return { target: describeAccount(account), changes: accountChanges(account, input.changes) };
  },
  async run(input, context) {
    return applyOnce(
      context.clients.db,
      {
        system: 'crm',
        tool: 'crm.update-account',
        idempotencyKey: context.idempotencyKey,
        request: input,
      },
      async (client) => {
        const before = await readAccount(client, { id: input.accountId }, true);
        if (before === null) throw noSuchAccount(input.accountId);
        const previous: Record<string, unknown> = {};
        for (const field of Object.keys(input.changes) as TField[]) previous[field] = before[field];
        const account = await writeAccountFields(client, input.accountId, input.changes);
        return {
          account: account ?? before,
          previous: previous as TAccountFields,
          undo: { writeKey: context.idempotencyKey },
        };
      },
    );
  },
});
