/** `crm.restore-contact`: undoes crm.upsert-contact. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { readAppliedWrite, ZUndo } from './applied-write.ts';
import { contactChanges, DELETED_CONTACT, describeContact } from './preview.ts';
import { readContact } from './read.ts';
import { ZContact } from './records.ts';
import { contactFields, writeContactFields, ZUpsertContactResult } from './upsert-contact.ts';

const ZOutput = z.object({
  contactId: z.uuid(),
  outcome: z.enum(['deleted', 'restored', 'already-gone']),
  /** The contact after a restore; null when deleted or already gone. */
  contact: ZContact.nullable(),
});

/** Deletes the contact a crm.upsert-contact step created, or puts back what it overwrote. */
export const crmRestoreContact = defineTool({
  name: 'crm.restore-contact',
  description:
    'Compensation for crm.upsert-contact: undo the crm.upsert-contact step with idempotency key ' +
    "writeKey (pass its result's undo as is). A contact that step created is deleted; a contact it updated gets its previous " +
    'values back. Refuses a key that applied no crm.upsert-contact. Returns { contactId, ' +
    'outcome: "deleted" | "restored" | "already-gone", contact }.',
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
      'crm.upsert-contact',
      ZUpsertContactResult,
      false,
    );
    const contact = await readContact(clients.db, { id: upsert.contact.id });
    if (contact === null) {
      return { target: `CRM contact ${upsert.contact.email} (already gone)`, changes: [] };
    }
    if (upsert.previous === null) {
      return {
        target: `${describeContact(contact)}, deleted`,
        changes: [
          { field: 'accountId', current: contact.accountId, proposed: null },
          { field: 'email', current: contact.email, proposed: null },
          ...contactChanges(contact, DELETED_CONTACT),
        ],
      };
    }
    return {
      target: describeContact(contact),
      changes: contactChanges(contact, contactFields(upsert.previous)),
    };
  },
  async run(input, context) {
    return applyOnce(
      context.clients.db,
      {
        system: 'crm',
        tool: 'crm.restore-contact',
        idempotencyKey: context.idempotencyKey,
        request: input,
      },
      async (client) => {
        const upsert = await readAppliedWrite(
          client,
          input.writeKey,
          'crm.upsert-contact',
          ZUpsertContactResult,
        );
        const contactId = upsert.contact.id;
        if (upsert.previous === null) {
          const deleted = await client.query('DELETE FROM crm.contacts WHERE id = $1', [contactId]);
          const outcome = deleted.rowCount ? ('deleted' as const) : ('already-gone' as const);
          return { contactId, outcome, contact: null };
        }
        const contact = await writeContactFields(client, contactId, contactFields(upsert.previous));
        return {
          contactId,
          outcome: contact ? ('restored' as const) : ('already-gone' as const),
          contact,
        };
      },
    );
  },
});
