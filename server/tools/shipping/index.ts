/** The shipping tools: read a delivery profile, update and restore its address. */
import type { ToolDefinition } from '../define-tool.ts';
import { shippingGetDeliveryProfile } from './get-delivery-profile.ts';
import { shippingRestoreDeliveryAddress } from './restore-delivery-address.ts';
import { shippingUpdateDeliveryAddress } from './update-delivery-address.ts';

export {
  shippingGetDeliveryProfile,
  shippingRestoreDeliveryAddress,
  shippingUpdateDeliveryAddress,
};

/** The shipping tools, for the registry. */
export const shippingTools: readonly ToolDefinition[] = [
  shippingGetDeliveryProfile,
  shippingUpdateDeliveryAddress,
  shippingRestoreDeliveryAddress,
];
