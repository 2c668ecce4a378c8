/** `crm.undo-account-upsert`: undoes crm.upsert-account, whichever way it went. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { CompensationRefusedError, readAppliedWrite, ZUndo } from './applied-write.ts';
import { ACCOUNT_COLUMNS, toAccount, ZAccount } from './records.ts';
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
        const current = await client.query(
          `SELECT ${ACCOUNT_COLUMNS} FROM crm.accounts WHERE id = $1 FOR UPDATE`,
          [accountId],
        );
        if (current.rows.length === 0) {
          return { accountId, outcome: 'already-gone' as const, restored: [], account: null };
        }
        if (upsert.previous === null) {
          const contacts = await client.query(
            'SELECT count(*)::int AS n FROM crm.contacts WHERE account_id = $1',
            [accountId],
          );
          const count = Number(contacts.rows[0]?.n ?? 0);
          if (count > 0) {
            throw new CompensationRefusedError(
              `Account ${accountId} has ${count} contact(s) now; it is not deleted with them.`,
            );
          }
          await client.query('DELETE FROM crm.accounts WHERE id = $1', [accountId]);
          return { accountId, outcome: 'deleted' as const, restored: [], account: null };
        }
        const previous = changedFields(upsert.previous, upsert.account);
        const restored = Object.keys(previous).sort();
        const account =
          restored.length === 0
            ? toAccount(current.rows[0])
            : await writeAccountFields(client, accountId, previous);
        return { accountId, outcome: 'restored' as const, restored, account };
      },
    );
  },
});
