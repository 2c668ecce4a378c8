/** `crm.undo-account-upsert`: undoes crm.upsert-account, whichever way it went. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { readAppliedWrite, ZUndo } from './applied-write.ts';
import { accountChanges, DELETED_ACCOUNT, describeAccount } from './preview.ts';
import { readAccount, refuseIfContacts } from './read.ts';
import { ZAccount } from './records.ts';
import { writeAccountFields } from './update-account.ts';
import { changedFields, ZUpsertAccountResult } from './upsert-account.ts';

const ZOutput = z.object({
  accountId: z.uuid(),
  outcome: z.enum(['deleted', 'restored', 'already-gone']),
  /** The fields put back, in name order (empty when deleted, gone, or nothing had changed). */
  restored: z.array(z.string()),
  /** The account after a restore; null when deleted or already gone. */
  account: ZAccount.nullable(),
});

/**
 * Deletes the account a crm.upsert-account step created (refused while it has contacts, which
 * would go with it), or puts back the values of the fields that step changed.
 */
export const crmUndoAccountUpsert = defineTool({
  name: 'crm.undo-account-upsert',
  description:
    'Compensation for crm.upsert-account: undo the crm.upsert-account step with idempotency key ' +
    "writeKey (pass its result's undo as is). An account that step created is deleted (refused " +
    'while the account has contacts: undo those first); an account it updated gets back the ' +
    'previous values of exactly the fields it changed. Refuses a key that applied no ' +
    'crm.upsert-account. Returns { accountId, outcome: "deleted" | "restored" | "already-gone", ' +
    'restored: field names, account }.',
  input: ZUndo,
  output: ZOutput,
  sideEffect: 'write',
  idempotent: true,
  reversible: false,
  retry: { maxAttempts: 3 },
  timeoutMs: 10_000,
  async preview(input, { clients }) {
    const upsert = await readAppliedWrite(
      clients.db,
      input.writeKey,
      'crm.upsert-account',
      ZUpsertAccountResult,
      false,
    );
    const account = await readAccount(clients.db, { id: upsert.account.id });
    if (account === null) {
      return { target: `CRM account ${upsert.account.domain} (already gone)`, changes: [] };
    }
    if (upsert.previous === null) {
      await refuseIfContacts(clients.db, account.id);
      return {
        target: `${describeAccount(account)}, deleted`,
        changes: accountChanges(account, DELETED_ACCOUNT),
      };
    }
    return {
      target: describeAccount(account),
      changes: accountChanges(account, changedFields(upsert.previous, upsert.account)),
    };
  },
  async run(input, context) {
    return applyOnce(
      context.clients.db,
      {
        system: 'crm',
        tool: 'crm.undo-account-upsert',
        idempotencyKey: context.idempotencyKey,
        request: input,
      },
      async (client) => {
        const upsert = await readAppliedWrite(
          client,
          input.writeKey,
          'crm.upsert-account',
          ZUpsertAccountResult,
        );
        const accountId = upsert.account.id;
        const current = await readAccount(client, { id: accountId }, true);
        if (current === null) {
          return { accountId, outcome: 'already-gone' as const, restored: [], account: null };
        }
        if (upsert.previous === null) {
          await refuseIfContacts(client, accountId);
          await client.query('DELETE FROM crm.accounts WHERE id = $1', [accountId]);
          return { accountId, outcome: 'deleted' as const, restored: [], account: null };
        }
        const previous = changedFields(upsert.previous, upsert.account);
        const restored = Object.keys(previous).sort();
        const account =
          restored.length === 0 ? current : await writeAccountFields(client, accountId, previous);
        return { accountId, outcome: 'restored' as const, restored, account };
      },
    );
  },
});
