/** `crm.get-contact-address`: a CRM contact's postal address, by contact id or email. */
import type pg from 'pg';
import { z } from 'zod';
import { defineTool, type ToolClients } from '../define-tool.ts';
import { addressFromRow, RecordNotFoundError, ZAddress } from './address.ts';

/** Names one CRM contact: exactly one of its id or its email address. */
export const ZContactRef = z
  .object({
    contact_id: z.guid().optional().describe('The CRM contact id (UUID)'),
    email: z.email().optional().describe("The contact's email address"),
  })
  .refine((ref) => (ref.contact_id === undefined) !== (ref.email === undefined), {
    message: 'give exactly one of contact_id or email',
    path: ['contact_id'],
  });
export type TContactRef = z.infer<typeof ZContactRef>;

/** A contact and the address the CRM holds for it (null when it holds none). */
export const ZContactAddress = z.object({
  contact_id: z.guid(),
  account_id: z.guid(),
  email: z.email(),
  name: z.string().min(1),
  address: ZAddress.nullable(),
});

const COLUMNS =
  'id, account_id, email, first_name, last_name, line1, line2, city, postal_code, region, country';

/** The contact's row (locked for update when `forUpdate`), or RecordNotFoundError. */
export async function findContact(
  db: ToolClients['db'] | pg.PoolClient,
  ref: TContactRef,
  forUpdate = false,
): Promise<pg.QueryResultRow> {
  const [where, value] =
    ref.contact_id !== undefined ? ['id = $1', ref.contact_id] : ['email = $1', ref.email];
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM crm.contacts WHERE ${where}${forUpdate ? ' FOR UPDATE' : ''}`,
    [typeof value === 'string' ? value.toLowerCase() : value],
  );
  const [row] = rows;
  if (!row) {
    throw new RecordNotFoundError(
      `No CRM contact with ${ref.contact_id !== undefined ? `id ${ref.contact_id}` : `email ${ref.email}`}`,
    );
  }
  return row;
}

/** A contact row of findContact in words, as a write preview names it. */
export function describeContact(row: pg.QueryResultRow): string {
  return `CRM contact ${row.email} (${row.first_name} ${row.last_name})`;
}

/** Looks up a CRM contact's address. */
export const crmGetContactAddress = defineTool({
  name: 'crm.get-contact-address',
  description:
    'Look up a CRM contact by contact_id or by email (give exactly one) and return ' +
    '{ contact_id, account_id, email, name, address }, where address is { line1, line2, city, ' +
    'postal_code, region, country (ISO alpha-2) } or null if the CRM holds none. Fails if no ' +
    'contact matches. Read-only.',
  input: ZContactRef,
  output: ZContactAddress,
  sideEffect: 'read',
  idempotent: true,
  reversible: false,
  timeoutMs: 5_000,
  provenance: {
    keys: { contact_id: 'crm.contact-id', email: 'crm.contact-email' },
    // Its account_id is the contact's account, which need not be the customer's: not an identifier.
    identifies: { contact_id: 'crm.contact-id', email: 'crm.contact-email' },
  },
  async run(input, { clients }) {
    const row = await findContact(clients.db, input);
    return {
      contact_id: row.id,
      account_id: row.account_id,
      email: row.email,
      name: `${row.first_name} ${row.last_name}`,
      address: addressFromRow(row),
    };
  },
});
