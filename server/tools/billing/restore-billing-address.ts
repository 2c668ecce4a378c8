/** `billing.restore-billing-address`: the compensation of billing.update-billing-address. */
import { z } from 'zod';
import { addressChanges, addressFromRow, addressParams, ZAddress } from '../addresses/address.ts';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { describeCustomer, findCustomer } from './get-customer.ts';

/** Puts a billing customer's previous billing address back, once per idempotency key. */
export const billingRestoreBillingAddress = defineTool({
  name: 'billing.restore-billing-address',
  description:
    'Undo billing.update-billing-address: give { customer_number, previous_address } (the ' +
    'update result can be passed as is) and the customer gets previous_address back as its ' +
    'billing address. Returns { customer_number, address } as now stored. Repeating the call ' +
    'with the same idempotency key changes nothing.',
  input: z.object({
    customer_number: z.string().regex(/^C-[0-9]{5,}$/, 'must look like C-10001'),
    previous_address: ZAddress,
  }),
  output: z.object({ customer_number: z.string(), address: ZAddress }),
  sideEffect: 'write',
  idempotent: true,
  reversible: false,
  timeoutMs: 10_000,
  async preview(input, { clients }) {
    const row = await findCustomer(clients.db, { customer_number: input.customer_number });
    return {
      target: describeCustomer(row),
      changes: addressChanges(row, input.previous_address, 'billing_'),
    };
  },
  async run(input, { clients, idempotencyKey }) {
    return applyOnce(
      clients.db,
      {
        system: 'billing',
        tool: 'billing.restore-billing-address',
        idempotencyKey,
        request: input,
      },
      async (client) => {
        const before = await findCustomer(client, { customer_number: input.customer_number }, true);
        const { rows } = await client.query(
          `UPDATE billing.customers SET billing_line1 = $2, billing_line2 = $3, billing_city = $4,
             billing_postal_code = $5, billing_region = $6, billing_country = $7, updated_at = now()
           WHERE id = $1 RETURNING billing_line1, billing_line2, billing_city,
             billing_postal_code, billing_region, billing_country`,
          [before.id, ...addressParams(input.previous_address)],
        );
        const [after] = rows;
        return {
          customer_number: input.customer_number,
          address: after ? addressFromRow(after, 'billing_') : null,
        };
      },
    );
  },
});
