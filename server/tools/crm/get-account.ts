/** `crm.get-account`: one CRM account with its contacts. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import {
  ACCOUNT_COLUMNS,
  CONTACT_COLUMNS,
  toAccount,
  toContact,
  ZAccount,
  ZContact,
} from './records.ts';

const ZOutput = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true), account: ZAccount, contacts: z.array(ZContact) }),
  z.object({ found: z.literal(false), accountId: z.uuid() }),
]);

/** Reads one account by id, with every contact at it. */
export const crmGetAccount = defineTool({
  name: 'crm.get-account',
  description:
    'Read one CRM account by its id (a UUID, e.g. from crm.find-accounts), with all its ' +
    'contacts and their addresses. Returns { found: true, account, contacts } or ' +
    '{ found: false, accountId } when there is no such account.',
  input: z.object({ accountId: z.uuid() }),
  output: ZOutput,
  sideEffect: 'read',
  idempotent: true,
  reversible: false,
  retry: { maxAttempts: 3 },
  timeoutMs: 5_000,
  provenance: {
    keys: { accountId: 'crm.account-id' },
    identifies: { 'account.id': 'crm.account-id', 'account.domain': 'company.domain' },
  },
  async run(input, context) {
    const { db } = context.clients;
    const accounts = await db.query(`SELECT ${ACCOUNT_COLUMNS} FROM crm.accounts WHERE id = $1`, [
      input.accountId,
    ]);
    if (accounts.rows.length === 0) return { found: false as const, accountId: input.accountId };
    const contacts = await db.query(
      `SELECT ${CONTACT_COLUMNS} FROM crm.contacts WHERE account_id = $1 ORDER BY last_name, first_name, id`,
      [input.accountId],
    );
    return {
      found: true as const,
      account: toAccount(accounts.rows[0]),
      contacts: contacts.rows.map((row) => toContact(row)),
    };
  },
});
