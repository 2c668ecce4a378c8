/** `crm.restore-contact-address`: the compensation of crm.update-contact-address. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import {
  addressChanges,
  addressFromRow,
  addressParams,
  ZAddress,
  ZAddressColumns,
} from './address.ts';
import { describeContact, findContact } from './get-contact-address.ts';

/** Puts a CRM contact's previous address back, once per idempotency key. */
export const crmRestoreContactAddress = defineTool({
  name: 'crm.restore-contact-address',
  description:
    'Undo crm.update-contact-address: give { contact_id, previous_address, previous_columns? } ' +
    '(the update result can be passed as is) and the contact gets its previous address back, ' +
    'column for column when previous_columns is given; a null previous_address without it ' +
    'clears the address. Returns { contact_id, address } as now stored. Repeating the call with ' +
    'the same idempotency key changes nothing.',
  input: z.object({
    contact_id: z.guid(),
    previous_address: ZAddress.nullable(),
    previous_columns: ZAddressColumns.optional().describe(
      'The exact previous columns from the update result; put back as they were when given.',
    ),
  }),
  output: z.object({ contact_id: z.guid(), address: ZAddress.nullable() }),
  sideEffect: 'write',
  idempotent: true,
  reversible: false,
  timeoutMs: 10_000,
  async preview(input, { clients }) {
    const row = await findContact(clients.db, { contact_id: input.contact_id });
    return {
      target: describeContact(row),
      changes: addressChanges(row, input.previous_columns ?? input.previous_address),
    };
  },
  async run(input, { clients, idempotencyKey }) {
    return applyOnce(
      clients.db,
      { system: 'crm', tool: 'crm.restore-contact-address', idempotencyKey, request: input },
      async (client) => {
        await findContact(client, { contact_id: input.contact_id }, true);
        const { rows } = await client.query(
          `UPDATE crm.contacts SET line1 = $2, line2 = $3, city = $4, postal_code = $5,
             region = $6, country = $7, updated_at = now()
           WHERE id = $1 RETURNING line1, line2, city, postal_code, region, country`,
          [input.contact_id, ...addressParams(input.previous_columns ?? input.previous_address)],
        );
        const [after] = rows;
        return { contact_id: input.contact_id, address: after ? addressFromRow(after) : null };
      },
    );
  },
});
