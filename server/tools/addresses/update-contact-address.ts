/** `crm.update-contact-address`: replace a CRM contact's postal address (reversible). */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import {
  addressChanges,
  addressColumnsFromRow,
  addressFromRow,
  addressParams,
  ZAddress,
  ZAddressColumns,
} from './address.ts';
import { describeContact, findContact, ZContactRef } from './get-contact-address.ts';

/** What an address update returns: the new address and the one it replaced. */
export const ZContactAddressChange = z.object({
  contact_id: z.guid(),
  email: z.email(),
  address: ZAddress,
  previous_address: ZAddress.nullable(),
  /** The six columns exactly as they were, for the compensation (a partial address included). */
  previous_columns: ZAddressColumns,
});

const ZInput = z
  .object({
    contact_id: z.guid().optional().describe('The CRM contact id (UUID)'),
    email: z.email().optional().describe("The contact's email address"),
    address: ZAddress,
  })
  .refine((input) => ZContactRef.safeParse(input).success, {
    message: 'give exactly one of contact_id or email',
    path: ['contact_id'],
  });

/** Writes a new address onto a CRM contact, once per idempotency key. */
export const crmUpdateContactAddress = defineTool({
  name: 'crm.update-contact-address',
  description:
    "Replace a CRM contact's postal address. Name the contact by contact_id or email (exactly " +
    'one) and give address { line1, line2?, city, postal_code, region?, country (ISO alpha-2, ' +
    'e.g. DE) }. Returns { contact_id, email, address, previous_address, previous_columns }; pass that result to ' +
    'crm.restore-contact-address to undo. Repeating the call with the same idempotency key ' +
    'changes nothing and returns the first result.',
  input: ZInput,
  output: ZContactAddressChange,
  sideEffect: 'write',
  idempotent: true,
  reversible: true,
  compensation: 'crm.restore-contact-address',
  timeoutMs: 10_000,
  provenance: {
    keys: { contact_id: 'crm.contact-id', email: 'crm.contact-email' },
    identifies: { contact_id: 'crm.contact-id', email: 'crm.contact-email' },
  },
  async preview(input, { clients }) {
    const row = await findContact(clients.db, input);
    return { target: describeContact(row), changes: addressChanges(row, input.address) };
  },
  async run(input, { clients, idempotencyKey }) {
    return applyOnce(
      clients.db,
      { system: 'crm', tool: 'crm.update-contact-address', idempotencyKey, request: input },
      async (client) => {
        const before = await findContact(client, input, true);
        const { rows } = await client.query(
          `UPDATE crm.contacts SET line1 = $2, line2 = $3, city = $4, postal_code = $5,
             region = $6, country = $7, updated_at = now()
           WHERE id = $1 RETURNING id, email, line1, line2, city, postal_code, region, country`,
          [before.id, ...addressParams(input.address)],
        );
        const [after] = rows;
        return {
          contact_id: before.id,
          email: before.email,
          address: after ? addressFromRow(after) : null,
          previous_address: addressFromRow(before),
          previous_columns: addressColumnsFromRow(before),
        };
      },
    );
  },
});
