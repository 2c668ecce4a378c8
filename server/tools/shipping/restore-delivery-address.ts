/** `shipping.restore-delivery-address`: the compensation of shipping.update-delivery-address. */
import { z } from 'zod';
import { addressChanges, addressFromRow, addressParams, ZAddress } from '../addresses/address.ts';
import { defineTool } from '../define-tool.ts';
import { applyOnce } from '../systems/apply-once.ts';
import { describeProfile, findProfile, ZProfileRef } from './get-delivery-profile.ts';

/** Puts a delivery profile's previous address back, once per idempotency key. */
export const shippingRestoreDeliveryAddress = defineTool({
  name: 'shipping.restore-delivery-address',
  description:
    'Undo shipping.update-delivery-address: give { customer_reference, profile_id, ' +
    'previous_address } (the update result can be passed as is) and the profile gets ' +
    'previous_address back. Returns { profile_id, address } as now stored. Repeating the call ' +
    'with the same idempotency key changes nothing.',
  input: z.object({
    customer_reference: ZProfileRef.shape.customer_reference,
    profile_id: z.guid(),
    previous_address: ZAddress,
  }),
  output: z.object({ profile_id: z.guid(), address: ZAddress }),
  sideEffect: 'write',
  idempotent: true,
  reversible: false,
  timeoutMs: 10_000,
  async preview(input, { clients }) {
    const row = await findProfile(clients.db, input);
    return { target: describeProfile(row), changes: addressChanges(row, input.previous_address) };
  },
  async run(input, { clients, idempotencyKey }) {
    return applyOnce(
      clients.db,
      {
        system: 'shipping',
        tool: 'shipping.restore-delivery-address',
        idempotencyKey,
        request: input,
      },
      async (client) => {
        await findProfile(client, input, true);
        const { rows } = await client.query(
          `UPDATE shipping.delivery_profiles SET line1 = $2, line2 = $3, city = $4,
             postal_code = $5, region = $6, country = $7, updated_at = now()
           WHERE id = $1 RETURNING line1, line2, city, postal_code, region, country`,
          [input.profile_id, ...addressParams(input.previous_address)],
        );
        const [after] = rows;
        return { profile_id: input.profile_id, address: after ? addressFromRow(after) : null };
      },
    );
  },
});
