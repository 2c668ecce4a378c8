/** `crm.restore-account`: undoes crm.update-account. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { readAppliedWrite, ZUndo } from './applied-write.ts';
import { accountChanges, describeAccount } from './preview.ts';
import { readAccount } from './read.ts';
import { ZAccount } from './records.ts';
import { writeAccountFields, ZUpdateAccountResult } from './update-account.ts';

const ZOutput = z.object({
  accountId: z.uuid(),
  outcome: z.enum(['restored', 'already-gone']),
  /** The fields put back, in name order. */
  restored: z.array(z.string()),
  /** The account after the restore; null when it no longer exists. */
  account: ZAccount.nullable(),
});

/** Puts back the values an account had before a crm.update-account step changed them. */
export const crmRestoreAccount = defineTool({
  name: 'crm.restore-account',
  description:
    'Compensation for crm.update-account: put back the previous values of the fields that the ' +
    "crm.update-account step with idempotency key writeKey (pass its result's undo as is) changed. Refuses a key that applied " +
    'no crm.update-account. Returns { accountId, outcome: "restored" | "already-gone", ' +
    'restored: field names, account }.',
  input: ZUndo,
  output: ZOutput,
  sideEffect: 'write',
  idempotent: true,
  reversible: false,
  retry: { maxAttempts: 3 },
  timeoutMs: 10_000,
  async preview(input, { clients }) {
    const update = await readAppliedWrite(
      clients.db,
      input.writeKey,
      'crm.update-account',
      ZUpdateAccountResult,
      false,
    );
    const account = await readAccount(clients.db, { id: update.account.id });
    if (account === null) {
      return { target: `CRM account ${update.account.domain} (already gone)`, changes: [] };
    }
    return { target: describeAccount(account), changes: accountChanges(account, update.previous) };
  },
  async run(input, context) {
    return applyOnce(
      context.clients.db,
      {
        system: 'crm',
        tool: 'crm.restore-account',
        idempotencyKey: context.idempotencyKey,
        request: input,
      },
      async (client) => {
        const update = await readAppliedWrite(
          client,
          input.writeKey,
          'crm.update-account',
          ZUpdateAccountResult,
        );
        const accountId = update.account.id;
        const account = await writeAccountFields(client, accountId, update.previous);
        return {
          accountId,
          outcome: account ? ('restored' as const) : ('already-gone' as const),
          restored: Object.keys(update.previous).sort(),
          account,
        };
      },
    );
  },
});
