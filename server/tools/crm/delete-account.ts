/** `crm.delete-account`: undoes crm.create-account. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { readAppliedWrite, ZUndo } from './applied-write.ts';
import { ZCreateAccountResult } from './create-account.ts';
import { accountChanges, DELETED_ACCOUNT, describeAccount } from './preview.ts';
import { readAccount, refuseIfContacts } from './read.ts';
import { ZAccount } from './records.ts';

const ZOutput = z.object({
  accountId: z.uuid(),
  outcome: z.enum(['deleted', 'already-gone']),
  /** The account as it was when deleted; null when it was already gone. */
  deleted: ZAccount.nullable(),
});

/**
 * Deletes the account a crm.create-account step created, identified by that step's idempotency
 * key; refuses an account that has contacts, since deleting it would delete them too.
 */
export const crmDeleteAccount = defineTool({
  name: 'crm.delete-account',
  description:
    'Compensation for crm.create-account: delete the account that the crm.create-account step ' +
    "with idempotency key writeKey created (pass its result's undo as is). Refuses when that key created no account, or when " +
    'the account has contacts (remove or restore them first). Returns { accountId, outcome: ' +
    '"deleted" | "already-gone", deleted: the account as it was, or null }.',
  input: ZUndo,
  output: ZOutput,
  sideEffect: 'write',
  idempotent: true,
  reversible: false,
  retry: { maxAttempts: 3 },
  timeoutMs: 10_000,
  async preview(input, { clients }) {
    const created = await readAppliedWrite(
      clients.db,
      input.writeKey,
      'crm.create-account',
      ZCreateAccountResult,
      false,
    );
    const account = await readAccount(clients.db, { id: created.account.id });
    if (account === null) {
      return { target: `CRM account ${created.account.domain} (already gone)`, changes: [] };
    }
    await refuseIfContacts(clients.db, account.id);
    return {
      target: `${describeAccount(account)}, deleted`,
      changes: accountChanges(account, DELETED_ACCOUNT),
    };
  },
  async run(input, context) {
    return applyOnce(
      context.clients.db,
      {
        system: 'crm',
        tool: 'crm.delete-account',
        idempotencyKey: context.idempotencyKey,
        request: input,
      },
      async (client) => {
        const created = await readAppliedWrite(
          client,
          input.writeKey,
          'crm.create-account',
          ZCreateAccountResult,
        );
        const accountId = created.account.id;
        const account = await readAccount(client, { id: accountId }, true);
        if (account === null) {
          return { accountId, outcome: 'already-gone' as const, deleted: null };
        }
        await refuseIfContacts(client, accountId);
        await client.query('DELETE FROM crm.accounts WHERE id = $1', [accountId]);
        return { accountId, outcome: 'deleted' as const, deleted: account };
      },
    );
  },
});
