/** `crm.upsert-contact`: creates a contact or updates the one with that email, once per key. */
import type pg from 'pg';
import { z } from 'zod';
import { NonRetriableError } from '../../engine/errors.ts';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { ZUndo } from './applied-write.ts';
import { contactChanges, describeAccount, describeContact } from './preview.ts';
import { readAccount, readContact } from './read.ts';
import { CONTACT_COLUMNS, type TContact, toContact, ZContact } from './records.ts';
import { noSuchAccount } from './update-account.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** The contact fields an upsert writes, and their columns. */
const COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone',
  title: 'title',
  line1: 'line1',
  line2: 'line2',
  city: 'city',
  postalCode: 'postal_code',
  region: 'region',
  country: 'country',
} as const;
type TField = keyof typeof COLUMNS;

const ZInput = z.object({
  accountId: z.uuid(),
  email: z.string().trim().toLowerCase().pipe(z.email()),
  firstName: text(100),
  lastName: text(100),
  phone: text(50).nullable().optional(),
  title: text(100).nullable().optional(),
  address: z
    .object({
      line1: text(200).nullable(),
      line2: text(200).nullable(),
      city: text(100).nullable(),
      postalCode: text(20).nullable(),
      region: text(100).nullable(),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as DE')
        .nullable(),
    })
    .partial()
    .optional(),
});

/** The upsert's result, which crm.restore-contact reads back. */
export const ZUpsertContactResult = z.object({
  contact: ZContact,
  created: z.boolean(),
  /** The contact before the update; null when this call created it. */
  previous: ZContact.nullable(),
  /** The input of crm.restore-contact that undoes this upsert. */
  undo: ZUndo,
});

/** The columns and values of a contact, flattened from its address. */
export function contactFields(
  contact: Omit<TContact, 'id' | 'accountId' | 'email' | 'createdAt' | 'updatedAt'>,
) {
  const { address, ...person } = contact;
  return { ...person, ...address };
}

/** Writes `fields` to contact `id` and returns it as it is now (null: no such contact). */
export async function writeContactFields(
  client: pg.PoolClient,
  id: string,
  fields: Partial<Record<TField, string | null>>,
): Promise<TContact | null> {
  const entries = (Object.keys(fields) as TField[])
    .filter((field) => field in COLUMNS && fields[field] !== undefined)
    .map((field) => [field, fields[field] ?? null] as const);
  const assignments = entries.map(([field], index) => `${COLUMNS[field]} = $${index + 2}`);
  const { rows } = await client.query(
    `UPDATE crm.contacts SET ${[...assignments, 'updated_at = now()'].join(', ')}
      WHERE id = $1 RETURNING ${CONTACT_COLUMNS}`,
    [id, ...entries.map(([, value]) => value)],
  );
  return rows.length === 0 ? null : toContact(rows[0]);
}

type TInput = z.infer<typeof ZInput>;

/** The contact fields an upsert writes, flattened from its input (omitted ones undefined). */
function inputFields(input: TInput) {
  const { address, accountId: _accountId, email: _email, ...person } = input;
  return { ...person, ...address };
}

/** Refuses to take over a contact whose email belongs to another account. */
function refuseOtherAccount(contact: TContact, input: TInput): void {
  if (contact.accountId !== input.accountId) {
    throw new NonRetriableError(
      `${input.email} is a contact of another account (${contact.accountId}); it is not moved.`,
    );
  }
}

/** Creates a contact at an account, or updates the contact that has the email. */
export const crmUpsertContact = defineTool({
  name: 'crm.upsert-contact',
  description:
    'Create a contact at a CRM account, or update the contact with that email address (emails ' +
    'are unique and compared in lower case). Input { accountId, email, firstName, lastName, ' +
    'phone?, title?, address?: { line1, line2, city, postalCode, region, country (ISO alpha-2) } }; ' +
    'omitted fields stay as they are, null clears them. A contact whose email belongs to another ' +
    'account is refused. Returns { contact, created, previous, undo } (previous: the contact before, ' +
    'or null; undo: the input of crm.restore-contact). Idempotent per step; undone by crm.restore-contact.',
  input: ZInput,
  output: ZUpsertContactResult,
  sideEffect: 'write',
  idempotent: true,
  reversible: true,
  compensation: 'crm.restore-contact',
  retry: { maxAttempts: 3 },
  timeoutMs: 10_000,
  provenance: {
    keys: { accountId: 'crm.account-id', email: 'crm.contact-email' },
    identifies: { 'contact.id': 'crm.contact-id', 'contact.accountId': 'crm.account-id' },
  },
  async preview(input, { clients }) {
    const account = await readAccount(clients.db, { id: input.accountId });
    if (account === null) throw noSuchAccount(input.accountId);
    const fields = inputFields(input);
    const existing = await readContact(clients.db, { email: input.email });
    if (existing !== null) {
      refuseOtherAccount(existing, input);
      return { target: describeContact(existing), changes: contactChanges(existing, fields) };
    }
    return {
      target: `CRM contact ${input.email} (new, at ${describeAccount(account)})`,
      changes: [
        { field: 'accountId', current: null, proposed: input.accountId },
        { field: 'email', current: null, proposed: input.email },
        ...contactChanges(null, fields),
      ],
    };
  },
  async run(input, context) {
    return applyOnce(
      context.clients.db,
      {
        system: 'crm',
        tool: 'crm.upsert-contact',
        idempotencyKey: context.idempotencyKey,
        request: input,
      },
      async (client) => {
        const account = await client.query('SELECT id FROM crm.accounts WHERE id = $1 FOR SHARE', [
          input.accountId,
        ]);
        if (account.rows.length === 0) throw noSuchAccount(input.accountId);
        const undo = { writeKey: context.idempotencyKey };
        const { accountId, email } = input;
        const fields = inputFields(input);
        const previous = await readContact(client, { email }, true);
        if (previous !== null) {
          refuseOtherAccount(previous, input);
          const contact = await writeContactFields(client, previous.id, fields);
          return { contact: contact ?? previous, created: false, previous, undo };
        }
        const inserted = await client.query(
          `INSERT INTO crm.contacts (account_id, email, first_name, last_name)
           VALUES ($1, $2, $3, $4) RETURNING id`,
          [accountId, email, input.firstName, input.lastName],
        );
        const id = String(inserted.rows[0]?.id);
        const contact = await writeContactFields(client, id, fields);
        if (!contact) throw new Error(`Contact ${id} vanished inside its own transaction`);
        return { contact, created: true, previous: null, undo };
      },
    );
  },
});
