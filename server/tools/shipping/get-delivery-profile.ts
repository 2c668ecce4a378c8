/** `shipping.get-delivery-profile`: a customer's delivery profile (address and instructions). */
import type pg from 'pg';
import { z } from 'zod';
import { addressFromRow, RecordNotFoundError, ZAddress } from '../addresses/address.ts';
import { defineTool, type ToolClients } from '../define-tool.ts';

/** Names a delivery profile: the customer's default one, or the one with `profile_id`. */
export const ZProfileRef = z.object({
  customer_reference: z
    .string()
    .regex(/^C-[0-9]{5,}$/, 'must be a billing customer number such as C-10001')
    .describe('The billing customer number the profile belongs to, e.g. C-10001'),
  profile_id: z
    .guid()
    .optional()
    .describe("A specific profile's id; without it, the customer's default profile"),
});
export type TProfileRef = z.infer<typeof ZProfileRef>;

const COLUMNS =
  'id, customer_reference, name, line1, line2, city, postal_code, region, country, ' +
  'instructions, is_default';

/**
 * The profile's row (locked for update when `forUpdate`): the one named, else the customer's
 * default, else its oldest. RecordNotFoundError when the customer has none.
 */
export async function findProfile(
  db: ToolClients['db'] | pg.PoolClient,
  ref: TProfileRef,
  forUpdate = false,
): Promise<pg.QueryResultRow> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM shipping.delivery_profiles
     WHERE customer_reference = $1 AND ($2::uuid IS NULL OR id = $2::uuid)
     ORDER BY is_default DESC, created_at, id LIMIT 1${forUpdate ? ' FOR UPDATE' : ''}`,
    [ref.customer_reference, ref.profile_id ?? null],
  );
  const [row] = rows;
  if (!row) {
    throw new RecordNotFoundError(
      `No delivery profile for customer ${ref.customer_reference}` +
        (ref.profile_id ? ` with id ${ref.profile_id}` : ''),
    );
  }
  return row;
}

/** A profile row of findProfile in words, as a write preview names it. */
export function describeProfile(row: pg.QueryResultRow): string {
  return `Shipping delivery profile "${row.name}" of customer ${row.customer_reference}`;
}

/** Looks up a customer's delivery address and instructions. */
export const shippingGetDeliveryProfile = defineTool({
  name: 'shipping.get-delivery-profile',
  description:
    "Look up a customer's delivery profile by customer_reference (the billing customer number, " +
    "e.g. C-10001), optionally a specific profile_id; without it, the customer's default " +
    'profile. Returns { profile_id, customer_reference, name, address, instructions, is_default } ' +
    'where address is { line1, line2, city, postal_code, region, country (ISO alpha-2) }. ' +
    'Fails if the customer has no profile. Read-only.',
  input: ZProfileRef,
  output: z.object({
    profile_id: z.guid(),
    customer_reference: z.string(),
    name: z.string(),
    address: ZAddress,
    instructions: z.string().nullable(),
    is_default: z.boolean(),
  }),
  sideEffect: 'read',
  idempotent: true,
  reversible: false,
  timeoutMs: 5_000,
  provenance: {
    keys: { customer_reference: 'billing.customer-number', profile_id: 'shipping.profile-id' },
    identifies: {
      profile_id: 'shipping.profile-id',
      customer_reference: 'billing.customer-number',
    },
  },
  async run(input, { clients }) {
    const row = await findProfile(clients.db, input);
    return {
      profile_id: row.id,
      customer_reference: row.customer_reference,
      name: row.name,
      address: addressFromRow(row),
      instructions: row.instructions,
      is_default: row.is_default,
    };
  },
});
