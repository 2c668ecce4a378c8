/** `billing.update-billing-address`: replace a billing customer's billing address (reversible). */
import { z } from 'zod';
import { addressChanges, addressFromRow, addressParams, ZAddress } from '../addresses/address.ts';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { describeCustomer, findCustomer, ZCustomerRef } from './get-customer.ts';

/** Writes a new billing address onto a customer, once per idempotency key. */
export const billingUpdateBillingAddress = defineTool({
  name: 'billing.update-billing-address',
  description:
    "Replace a billing customer's billing address. Name the customer by customer_number or " +
    'crm_account_id (exactly one) and give address { line1, line2?, city, postal_code, region?, ' +
    'country (ISO alpha-2, e.g. DE) }. Returns { customer_number, address, previous_address }; ' +
    'pass that result to billing.restore-billing-address to undo. Repeating the call with the ' +
    'same idempotency key changes nothing and returns the first result.',
  input: z
    .object({
      customer_number: z.string().optional().describe('The billing customer number, e.g. C-10001'),
      crm_account_id: z.guid().optional().describe('The CRM account id (UUID)'),
      address: ZAddress,
    })
    .superRefine((input, context) => {
      const ref = ZCustomerRef.safeParse(input);
      for (const issue of ref.error?.issues ?? []) {
        context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      }
    }),
  output: z.object({
    customer_number: z.string(),
    address: ZAddress,
    previous_address: ZAddress,
  }),
  sideEffect: 'write',
  idempotent: true,
  reversible: true,
  compensation: 'billing.restore-billing-address',
  timeoutMs: 10_000,
  provenance: {
    keys: { customer_number: 'billing.customer-number', crm_account_id: 'crm.account-id' },
    identifies: { customer_number: 'billing.customer-number' },
  },
  async preview(input, { clients }) {
    const row = await findCustomer(clients.db, input);
    return {
      target: describeCustomer(row),
      changes: addressChanges(row, input.address, 'billing_'),
    };
  },
  async run(input, { clients, idempotencyKey }) {
    return applyOnce(
      clients.db,
      { system: 'billing', tool: 'billing.update-billing-address', idempotencyKey, request: input },
      async (client) => {
        const before = await findCustomer(client, input, true);
        const { rows } = await client.query(
          `UPDATE billing.customers SET billing_line1 = $2, billing_line2 = $3, billing_city = $4,
             billing_postal_code = $5, billing_region = $6, billing_country = $7, updated_at = now()
           WHERE id = $1 RETURNING billing_line1, billing_line2, billing_city,
             billing_postal_code, billing_region, billing_country`,
          [before.id, ...addressParams(input.address)],
        );
        const [after] = rows;
        return {
          customer_number: before.customer_number,
          address: after ? addressFromRow(after, 'billing_') : null,
          previous_address: addressFromRow(before, 'billing_'),
        };
      },
    );
  },
});
