/** The billing tools: read a customer, update and restore its billing address. */
import type { ToolDefinition } from '../define-tool.ts';
import { billingGetCustomer } from './get-customer.ts';
import { billingRestoreBillingAddress } from './restore-billing-address.ts';
import { billingUpdateBillingAddress } from './update-billing-address.ts';

export { billingGetCustomer, billingRestoreBillingAddress, billingUpdateBillingAddress };

/** The billing tools, for the registry. */
export const billingTools: readonly ToolDefinition[] = [
  billingGetCustomer,
  billingUpdateBillingAddress,
  billingRestoreBillingAddress,
];
