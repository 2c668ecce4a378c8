/**
 * Customer address change (customer operations): move one customer to a new address in the CRM,
 * billing and shipping, in that order; if a later system fails for good, the earlier ones are
 * put back. A move within the same country goes through on its own; a move abroad is reviewed;
 * an address Steward cannot deliver to is turned down.
 */
import { defineRule, type Evidence } from '../../validation/rules.ts';
import type { PlannedWorkflowSpec } from '../planned-workflow.ts';
import { addressDocumentIntake, addressDocumentRules } from './document.ts';
import { type TAddressChangeInput, ZAddressChangeInputSchema } from './input.ts';
import { addressChangePlanning } from './planning.ts';
import {
  addressWritesNotBefore,
  addressWriteValues,
  factsOf,
  resolveAddressSubject,
  ZContact,
  ZCustomer,
} from './subject.ts';

/** The countries the company serves, with the shape of their postal codes. */
export const POSTAL_CODES: Record<string, RegExp> = {
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  NL: /^\d{4} ?[A-Z]{2}$/,
  GB: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/,
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/,
};
/** Countries whose addresses need a region (state or province). */
const REGION_REQUIRED = new Set(['US', 'CA']);

type TEvidence = Evidence<TAddressChangeInput>;

/** The subject's contact, then every contact the plan read. */
const contactsOf = (evidence: TEvidence) => [
  factsOf(evidence).contact,
  ...evidence.all('crm.get-contact-address').map((read) => ZContact.parse(read)),
];
/** The subject's billing customer, then every customer the plan read. */
const customersOf = (evidence: TEvidence) => [
  factsOf(evidence).customer,
  ...evidence.all('billing.get-customer').map((read) => ZCustomer.parse(read)),
];
const customerOf = (evidence: TEvidence) => factsOf(evidence).customer;

/** The address change rules. */
export const addressChangeRules = [
  defineRule<TAddressChangeInput>({
    name: 'country-served',
    message: 'The new address is in a country the company serves.',
    severity: 'error',
    onFail: 'reject',
    check({ input }) {
      return input.address.country in POSTAL_CODES
        ? { passed: true }
        : {
            passed: false,
            message: `${input.address.country} is not a country the company delivers to or bills in.`,
          };
    },
  }),
  defineRule<TAddressChangeInput>({
    name: 'address-complete',
    message:
      'The new address is complete: its postal code fits the country, and a region is given where the country needs one.',
    severity: 'error',
    check({ input }) {
      const { address } = input;
      const pattern = POSTAL_CODES[address.country];
      const problems = [
        pattern &&
          !pattern.test(address.postalCode.toUpperCase()) &&
          `postal code ${address.postalCode} does not fit ${address.country}`,
        REGION_REQUIRED.has(address.country) &&
          !address.region &&
          `${address.country} addresses need a region`,
      ].filter((problem): problem is string => typeof problem === 'string');
      return problems.length === 0
        ? { passed: true }
        : { passed: false, message: `The address is incomplete: ${problems.join('; ')}.` };
    },
  }),
  defineRule<TAddressChangeInput>({
    name: 'same-customer',
    message: 'The contact belongs to the billing customer whose address changes.',
    severity: 'error',
    check(evidence) {
      const accounts = new Set([
        ...contactsOf(evidence).map((contact) => contact.account_id),
        ...customersOf(evidence).map((customer) => customer.crm_account_id),
      ]);
      const contact = factsOf(evidence).contact;
      const customer = customerOf(evidence);
      return accounts.size === 1
        ? { passed: true }
        : {
            passed: false,
            message: `${evidence.input.contactEmail} is not a contact of customer ${evidence.input.customerNumber}'s CRM account.`,
            details: {
              contactAccount: contact.account_id,
              customerAccount: customer.crm_account_id,
            },
          };
    },
  }),
];

/** The address change workflow. */
export const addressChange: PlannedWorkflowSpec<TAddressChangeInput> = {
  id: 'address-change',
  version: 1,
  title: 'Customer address change',
  description:
    'Moves a customer to a new address in the CRM, billing and shipping at once. If one system ' +
    'fails, the others are put back, so they never disagree. A move within the same country ' +
    'goes through on its own; a move to another country waits for a reviewer.',
  input: ZAddressChangeInputSchema,
  planning: addressChangePlanning,
  resolveSubject: resolveAddressSubject,
  writeValues: addressWriteValues,
  writesNotBefore: addressWritesNotBefore,
  unplannedReviewTimeout: '1d',
  rules: [...addressChangeRules, ...addressDocumentRules],
  document: addressDocumentIntake,
  thresholds: { plan: 0.7 },
  summarize(evidence) {
    const { address, customerNumber } = evidence.input;
    const from = customerOf(evidence).billing_address.country;
    return {
      title: `Customer ${customerNumber} moves to ${address.city}, ${address.country}`,
      figures: [
        { label: 'From', value: from },
        { label: 'To', value: `${address.postalCode} ${address.city}, ${address.country}` },
      ],
    };
  },
  gate: {
    autoApprove(evidence) {
      const from = customerOf(evidence).billing_address.country;
      const to = evidence.input.address.country;
      return from === to
        ? { allowed: true }
        : {
            allowed: false,
            reason: `A move from ${from} to ${to} changes tax and shipping terms.`,
          };
    },
    review: { timeout: '1d', onTimeout: 'escalate', escalationTimeout: '1d' },
  },
};
