/** `shipping.update-delivery-address`: replace a delivery profile's address (reversible). */
import { z } from 'zod';
import { addressChanges, addressFromRow, addressParams, ZAddress } from '../addresses/address.ts';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { describeProfile, findProfile, ZProfileRef } from './get-delivery-profile.ts';

/** Writes a new address onto a delivery profile, once per idempotency key. */
export const shippingUpdateDeliveryAddress = defineTool({
  name: 'shipping.update-delivery-address',
  description:
    "Replace the address of a customer's delivery profile: give customer_reference (e.g. " +
    "C-10001), optionally profile_id (default: the customer's default profile), and address " +
    '{ line1, line2?, city, postal_code, region?, country (ISO alpha-2, e.g. DE) }. Delivery ' +
    'instructions are kept. Returns { profile_id, customer_reference, address, previous_address }; ' +
    'pass that result to shipping.restore-delivery-address to undo. Repeating the call with the ' +
    'same idempotency key changes nothing and returns the first result.',
  input: ZProfileRef.extend({ address: ZAddress }),
  output: z.object({
    profile_id: z.guid(),
    customer_reference: z.string(),
    address: ZAddress,
    previous_address: ZAddress,
  }),
  sideEffect: 'write',
  idempotent: true,
  reversible: true,
  compensation: 'shipping.restore-delivery-address',
  timeoutMs: 10_000,
  provenance: {
    keys: { customer_reference: 'billing.customer-number', profile_id: 'shipping.profile-id' },
    identifies: {
      profile_id: 'shipping.profile-id',
      customer_reference: 'billing.customer-number',
    },
  },
  async preview(input, { clients }) {
    const row = await findProfile(clients.db, input);
    return { target: describeProfile(row), changes: addressChanges(row, input.address) };
  },
  async run(input, { clients, idempotencyKey }) {
    return applyOnce(
      clients.db,
      {
        system: 'shipping',
        tool: 'shipping.update-delivery-address',
        idempotencyKey,
        request: input,
      },
      async (client) => {
        const before = await findProfile(client, input, true);
        const { rows } = await client.query(
          `UPDATE shipping.delivery_profiles SET line1 = $2, line2 = $3, city = $4,
             postal_code = $5, region = $6, country = $7, updated_at = now()
           WHERE id = $1 RETURNING line1, line2, city, postal_code, region, country`,
          [before.id, ...addressParams(input.address)],
        );
        const [after] = rows;
        return {
          profile_id: before.id,
          customer_reference: before.customer_reference,
          address: after ? addressFromRow(after) : null,
          previous_address: addressFromRow(before),
        };
      },
    );
  },
});
