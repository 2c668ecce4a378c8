/** `billing.get-customer`: a billing customer, by customer number or CRM account id. */
import type pg from 'pg';
import { z } from 'zod';
import {
  AmbiguousRecordError,
  addressFromRow,
  RecordNotFoundError,
  ZAddress,
} from '../addresses/address.ts';
import { defineTool, type ToolClients } from '../define-tool.ts';

const ZCustomerNumber = z
  .string()
  .regex(/^C-[0-9]{5,}$/, 'must look like C-10001')
  .describe('The billing customer number, e.g. C-10001');

/** Names one billing customer: exactly one of its customer number or its CRM account id. */
export const ZCustomerRef = z
  .object({
    customer_number: ZCustomerNumber.optional(),
    crm_account_id: z.guid().optional().describe('The CRM account id (UUID) the customer is for'),
  })
  .refine((ref) => (ref.customer_number === undefined) !== (ref.crm_account_id === undefined), {
    message: 'give exactly one of customer_number or crm_account_id',
    path: ['customer_number'],
  });
export type TCustomerRef = z.infer<typeof ZCustomerRef>;

const COLUMNS =
  'id, customer_number, crm_account_id, name, email, currency, billing_line1, billing_line2, ' +
  'billing_city, billing_postal_code, billing_region, billing_country';

/** The customer's row (locked for update when `forUpdate`); not found or ambiguous fail for good. */
export async function findCustomer(
  db: ToolClients['db'] | pg.PoolClient,
  ref: TCustomerRef,
  forUpdate = false,
): Promise<pg.QueryResultRow> {
  const [column, value] =
    ref.customer_number !== undefined
      ? ['customer_number', ref.customer_number]
      : ['crm_account_id', ref.crm_account_id];
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM billing.customers WHERE ${column} = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [value],
  );
  const [row] = rows;
  if (!row) throw new RecordNotFoundError(`No billing customer with ${column} ${value}`);
  if (rows.length > 1) {
    throw new AmbiguousRecordError(
      `${rows.length} billing customers have ${column} ${value}; name one by customer_number`,
    );
  }
  return row;
}

/** A customer row of findCustomer in words, as a write preview names it. */
export function describeCustomer(row: pg.QueryResultRow): string {
  return `Billing customer ${row.customer_number} (${row.name})`;
}

/** Looks up a billing customer's billing address and email. */
export const billingGetCustomer = defineTool({
  name: 'billing.get-customer',
  description:
    'Look up a billing customer by customer_number (e.g. C-10001) or by crm_account_id (give ' +
    'exactly one) and return { customer_number, crm_account_id, name, email, currency, ' +
    'billing_address } where billing_address is { line1, line2, city, postal_code, region, ' +
    'country (ISO alpha-2) }. Fails if no customer matches. Read-only.',
  input: ZCustomerRef,
  output: z.object({
    customer_number: ZCustomerNumber,
    crm_account_id: z.guid().nullable(),
    name: z.string().min(1),
    email: z.email(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    billing_address: ZAddress,
  }),
  sideEffect: 'read',
  idempotent: true,
  reversible: false,
  timeoutMs: 5_000,
  provenance: {
    keys: { customer_number: 'billing.customer-number', crm_account_id: 'crm.account-id' },
    identifies: { customer_number: 'billing.customer-number', crm_account_id: 'crm.account-id' },
  },
  async run(input, { clients }) {
    const row = await findCustomer(clients.db, input);
    return {
      customer_number: row.customer_number,
      crm_account_id: row.crm_account_id,
      name: row.name,
      email: row.email,
      currency: row.currency,
      billing_address: addressFromRow(row, 'billing_'),
    };
  },
});
