/**
 * The address change's subject: the billing customer of the customer number, its default
 * delivery profile, and its contact person of the contact email, read by the workflow's own
 * code. The only value the writes may carry is the new address, exactly as the input gives it.
 */
import { z } from 'zod';
import {
  subjectIdentifiers,
  type TSubjectResolution,
  type TWriteValueSources,
} from '../../planner/subject.ts';
import type { Evidence } from '../../validation/rules.ts';
import type { SubjectTools } from '../subject-step.ts';
import { type TAddressChangeInput, toolAddress } from './input.ts';

export const ZContact = z.object({
  contact_id: z.string(),
  account_id: z.string(),
  address: z.object({ country: z.string() }).nullable(),
});
export const ZCustomer = z.object({
  customer_number: z.string(),
  crm_account_id: z.string().nullable(),
  billing_address: z.object({
    line1: z.string().nullable().optional(),
    city: z.string().nullable().optional(),
    postal_code: z.string().nullable().optional(),
    country: z.string(),
  }),
});
const ZProfile = z.object({ profile_id: z.string(), customer_reference: z.string() });

const ZAddressFacts = z.object({ customer: ZCustomer, contact: ZContact, profile: ZProfile });
export type TAddressFacts = z.infer<typeof ZAddressFacts>;

/** The subject's facts, from the evidence; throws (the rule fails) outside a planned run. */
export function factsOf(evidence: Evidence<TAddressChangeInput>): TAddressFacts {
  return ZAddressFacts.parse(evidence.subject?.facts);
}

/** Resolves the customer, its contact and its delivery profile; a missing one turns the run down. */
export async function resolveAddressSubject(
  input: TAddressChangeInput,
  tools: SubjectTools,
): Promise<TSubjectResolution> {
  const customer = await tools.read('billing.get-customer', {
    customer_number: input.customerNumber,
  });
  if (customer === null) {
    return {
      found: false,
      code: 'customer-exists',
      message: `Billing has no customer ${input.customerNumber}.`,
    };
  }
  const contact = await tools.read('crm.get-contact-address', { email: input.contactEmail });
  if (contact === null) {
    return {
      found: false,
      code: 'contact-exists',
      message: `The CRM has no contact ${input.contactEmail}.`,
    };
  }
  const profile = await tools.read('shipping.get-delivery-profile', {
    customer_reference: input.customerNumber,
  });
  if (profile === null) {
    return {
      found: false,
      code: 'delivery-profile-exists',
      message: `Shipping has no delivery profile for customer ${input.customerNumber}.`,
    };
  }
  const facts = ZAddressFacts.parse({ customer, contact, profile });
  return {
    found: true,
    subject: {
      label: `customer ${facts.customer.customer_number} and contact ${input.contactEmail}`,
      identifiers: subjectIdentifiers({
        'billing.customer-number': [facts.customer.customer_number],
        'crm.account-id': [facts.customer.crm_account_id],
        'crm.contact-id': [facts.contact.contact_id],
        'crm.contact-email': [input.contactEmail],
        'shipping.profile-id': [facts.profile.profile_id],
      }),
      facts,
    },
  };
}

/** Every address written is the new address, exactly as the input gives it. */
export function addressWriteValues(input: TAddressChangeInput): TWriteValueSources {
  const address = [
    { from: 'input' as const, value: toolAddress(input.address), label: 'new address' },
  ];
  return {
    'crm.update-contact-address': { address },
    'billing.update-billing-address': { address },
    'shipping.update-delivery-address': { address },
  };
}

/** The writes apply from the effective date (midnight UTC), or right away. */
export function addressWritesNotBefore(input: TAddressChangeInput): Date | null {
  return input.effectiveDate ? new Date(`${input.effectiveDate}T00:00:00Z`) : null;
}
