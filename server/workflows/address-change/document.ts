/**
 * Address change from the customer's own message (an e-mail in any language): the model step
 * reads the customer number, the sender and the new address; code grounds each field, and these
 * cross-checks hold the reading against billing before anything moves: the address read must
 * differ from the one on record (reading the old address back is the likeliest mistake), and
 * its parts must come from one place in the message (not a street from the new address and a
 * city from the signature).
 */
import { quotesTogether } from '../../documents/evidence.ts';
import { defineRule, withDocument } from '../../validation/rules.ts';
import type { DocumentIntake } from '../document-stage.ts';
import { type TAddressChangeInput, ZAddressChangeDocumentInputSchema } from './input.ts';
import { factsOf } from './subject.ts';

/** How a customer's message becomes the workflow's input. */
export const addressDocumentIntake: DocumentIntake = {
  tool: 'documents.read-address-change',
  input: ZAddressChangeDocumentInputSchema,
  toInput(values) {
    const optional = (key: string, value: string | number | null) =>
      value === null ? {} : { [key]: value };
    return {
      customerNumber: values.customerNumber,
      contactEmail: values.contactEmail,
      address: {
        line1: values.line1,
        ...optional('line2', values.line2 ?? null),
        city: values.city,
        postalCode: values.postalCode,
        ...optional('region', values.region ?? null),
        country: values.country,
      },
      ...optional('effectiveDate', values.effectiveDate ?? null),
    };
  },
};

const comparable = (value: string | null | undefined) =>
  (value ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * What a message says next to the day a new address applies from, in the languages customers
 * write in: "valid from", "ab dem", "à partir du", "a partir del", "vanaf", "effective", "as of".
 */
const EFFECTIVE_FROM =
  /(?:^|[^\p{L}])(from|starting|effective|as of|valid|ab|gilt|gültig|à partir|a partir|dès|desde|vanaf|per|geldig|wirksam|move|moving|umzug|déménag|mudanza|verhuiz)/iu;

/** The parts of an address a message gives in one passage: street to region, a few lines. */
const ADDRESS_LINES = 4;

/** The cross-checks of a customer's message; each passes for typed runs. */
export const addressDocumentRules = [
  defineRule<TAddressChangeInput>({
    name: 'document-address-new',
    message: 'The address read from the message must differ from the one on record.',
    severity: 'error',
    appliesTo: withDocument,
    check(evidence) {
      const current = factsOf(evidence).customer.billing_address;
      const next = evidence.input.address;
      const same =
        comparable(current.line1) === comparable(next.line1) &&
        comparable(current.postal_code) === comparable(next.postalCode) &&
        current.country === next.country;
      return same
        ? {
            passed: false,
            message: `${next.line1}, ${next.postalCode} ${next.city} is the address on record: was the old address read instead of the new one?`,
          }
        : { passed: true };
    },
  }),
  defineRule<TAddressChangeInput>({
    name: 'document-address-together',
    message: 'The parts of the new address must come from one place in the message.',
    severity: 'error',
    appliesTo: withDocument,
    check(evidence) {
      const fields = ['line1', 'line2', 'city', 'postalCode', 'region'];
      return evidence.document === null || quotesTogether(evidence.document, fields, ADDRESS_LINES)
        ? { passed: true }
        : {
            passed: false,
            message:
              'The street, postal code and city were read from places far apart in the message (a signature, a quoted older mail?).',
          };
    },
  }),
  defineRule<TAddressChangeInput>({
    name: 'document-effective-date',
    message: 'The date read must be the one the message says the new address applies from.',
    severity: 'error',
    appliesTo: (evidence) =>
      evidence.document !== null && evidence.input.effectiveDate !== undefined,
    check(evidence) {
      const context = evidence.document?.contexts.effectiveDate ?? '';
      return EFFECTIVE_FROM.test(context)
        ? { passed: true }
        : {
            passed: false,
            message: `${evidence.input.effectiveDate} is read from "${context.replace(/\s+/g, ' ').trim().slice(0, 160)}", which does not say the address applies from then: another date of the message?`,
          };
    },
  }),
];
