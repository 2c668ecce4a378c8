/**
 * Planning of the address change workflow: read the customer's contact in the CRM, its billing
 * record and its delivery profile, then write the new address to the CRM, billing and shipping,
 * in that order (each write is reversible, so a later failure compensates the earlier ones).
 */
import type { WorkflowPlanning } from '../../planner/types.ts';
import { findInputMismatches, lowerCaseText, upperCaseId } from '../input-mismatch.ts';
import { type TAddressChangeInput, toolAddress } from './input.ts';

const ref = (path: string) => ({ $ref: path });

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'postal_code', 'region', 'country'] as const;

/** An address literal in comparable form: every field present, trimmed, absent ones null. */
function comparableAddress(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const fields = new Map(Object.entries(value));
  return Object.fromEntries(
    ADDRESS_FIELDS.map((field) => {
      const item = fields.get(field) ?? null;
      return [field, typeof item === 'string' ? item.trim() : item];
    }),
  );
}

/** The address change workflow's goal, rules, tools, budgets and offline plan. */
export const addressChangePlanning: WorkflowPlanning<TAddressChangeInput> = {
  goal:
    "Move one customer to a new postal address in every system: the contact's address in the " +
    'CRM, the billing address in billing and the default delivery address in shipping.',
  rules: [
    "Look the contact up by the input's contactEmail and the billing customer by the input's customerNumber; take the delivery profile's customer reference from the billing customer's output.",
    'Take every id (contact, CRM account, delivery profile) from earlier steps by reference, never written out.',
    'Write the new address exactly as the input gives it (absent line2 and region as null), first to the CRM contact, then to billing, then to shipping.',
    'Change nothing but the address: no other customer, contact, profile or field.',
  ],
  tools: [
    'crm.get-contact-address',
    'billing.get-customer',
    'shipping.get-delivery-profile',
    'crm.update-contact-address',
    'billing.update-billing-address',
    'shipping.update-delivery-address',
  ],
  maxSteps: 6,
  maxCost: 6,
  offline(input) {
    const address = toolAddress(input.address);
    const where = `${input.address.line1}, ${input.address.postalCode} ${input.address.city}, ${input.address.country}`;
    const when = input.effectiveDate ? ` from ${input.effectiveDate}` : '';
    return {
      steps: [
        {
          id: 'get-contact',
          tool: 'crm.get-contact-address',
          input: { email: input.contactEmail },
          why: "Read the contact's current address in the CRM and the account it belongs to.",
        },
        {
          id: 'get-customer',
          tool: 'billing.get-customer',
          input: { customer_number: input.customerNumber },
          why: "Read the customer's current billing address and its CRM account.",
        },
        {
          id: 'get-delivery-profile',
          tool: 'shipping.get-delivery-profile',
          input: { customer_reference: ref('get-customer.output.customer_number') },
          why: "Read the customer's default delivery profile and its current address.",
        },
        {
          id: 'update-contact-address',
          tool: 'crm.update-contact-address',
          input: { contact_id: ref('get-contact.output.contact_id'), address },
          why: 'Write the new address to the contact in the CRM.',
        },
        {
          id: 'update-billing-address',
          tool: 'billing.update-billing-address',
          input: { customer_number: ref('get-customer.output.customer_number'), address },
          why: 'Write the new address as the billing address.',
        },
        {
          id: 'update-delivery-address',
          tool: 'shipping.update-delivery-address',
          input: {
            customer_reference: ref('get-delivery-profile.output.customer_reference'),
            profile_id: ref('get-delivery-profile.output.profile_id'),
            address,
          },
          why: 'Write the new address to the default delivery profile, keeping its instructions.',
        },
      ],
      summary: `Change the address of customer ${input.customerNumber} (contact ${input.contactEmail}) to ${where}${when} in the CRM, billing and shipping.`,
      confidence: 0.9,
    };
  },
  checkAgainstInput(plan, input) {
    return findInputMismatches(plan, [
      {
        key: 'customer_number',
        label: 'customer number',
        expected: input.customerNumber,
        normalize: upperCaseId,
      },
      {
        key: 'customer_reference',
        label: 'customer number',
        expected: input.customerNumber,
        normalize: upperCaseId,
      },
      {
        key: 'email',
        label: 'contact email',
        expected: input.contactEmail,
        normalize: lowerCaseText,
      },
      {
        key: 'address',
        label: 'address',
        expected: comparableAddress(toolAddress(input.address)),
        normalize: comparableAddress,
      },
      // The input names no row ids: they come from the systems, by reference.
      { key: 'contact_id', label: 'CRM contact id', expected: null },
      { key: 'crm_account_id', label: 'CRM account id', expected: null },
      { key: 'profile_id', label: 'delivery profile id', expected: null },
    ]);
  },
};
