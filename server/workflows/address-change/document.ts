/**
 * Address change from the customer's own message (an e-mail in any language): the model step
 * reads the customer number, the sender and the new address; code grounds each field, and these
 * cross-checks hold the reading against billing before anything moves: the address read must
 * differ from the one on record (reading the old address back is the likeliest mistake), and
 * its parts must come from one place in the message (not a street from the new address and a
 * city from the signature).
 */
import { type DocumentEvidence, quotesTogether } from '../../documents/evidence.ts';
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

/**
 * An address part as comparable text: lower case, accents and "ß" folded, street words shortened
 * ("Bahnhofstraße" and "Bahnhofstrasse" and "Bahnhofstr." are one street), nothing but letters
 * and digits.
 */
export function comparableAddress(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/(strasse|straat|street|str\.?)(?![a-z])/g, 'str')
    .replace(/[^a-z0-9]+/g, '');
}

/** Letters around a word: a Unicode-aware word boundary. */
const word = (alternatives: string) =>
  new RegExp(`(?<![\\p{L}])(?:${alternatives})(?![\\p{L}])`, 'iu');

/**
 * What a message says next to the day a new address applies from, in the languages customers
 * write in, as whole words: "valid from", "ab dem", "à partir du", "a partir del", "vanaf".
 */
const EFFECTIVE_FROM = word(
  'from|starting|effective|as of|valid from|ab|gilt|gültig|à partir|a partir|dès|desde|vanaf|per|geldig|wirksam|moving|move|umzug|ziehen|déménag\\p{L}*|mudanza|nos mudamos|verhuiz\\p{L}*',
);

/** What a message says next to a date that is not when an address applies: a bill, a contract. */
const OTHER_DATE = word(
  'invoice|rechnung|abrechnung|facture|factuur|factura|contract|vertrag|contrat|contrato|signed|unterschrieben|firmamos|signé|dated',
);

/** The parts of an address a message gives in one passage: street to country, a few lines. */
const ADDRESS_LINES = 5;
const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'postalCode', 'region'];
/** How far below the street its town and postal code may stand (street, unit, town, postcode). */
const STREET_TO_TOWN = 3;
/** What a line about the address that no longer holds says. */
const OLD_ADDRESS = word(
  'old address|previous address|former address|no longer|alte adresse|alte anschrift|bisherige|bisher|nicht mehr|ancienne adresse|plus valable|oude adres|niet meer|dirección anterior|antigua dirección|ya no|vecchio indirizzo',
);
/** How far below the address block its country may stand ("Deutschland" under the city). */
const COUNTRY_LINES = 2;

/** The address of `From: Name <address>`. */
function senderAddress(from: string | null): string | null {
  if (from === null) return null;
  const match = /<([^>]+)>/.exec(from) ?? /([^\s<>]+@[^\s<>]+)/.exec(from);
  return match?.[1]?.trim().toLowerCase() ?? null;
}

const linesOf = (document: DocumentEvidence | null, field: string) =>
  document?.quoteLines[field] ?? [];

/** The cross-checks of a customer's message; each concerns only runs handed one. */
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
        comparableAddress(current.line1) === comparableAddress(next.line1) &&
        comparableAddress(current.postal_code) === comparableAddress(next.postalCode) &&
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
    message: 'The parts of the new address must come from one address block of the message.',
    severity: 'error',
    appliesTo: withDocument,
    check(evidence) {
      const { document } = evidence;
      if (document === null) return { passed: true };
      const problems: string[] = [];
      if (!quotesTogether(document, ADDRESS_FIELDS, ADDRESS_LINES)) {
        problems.push(
          'its parts were read from places far apart (a signature, a quoted older mail?)',
        );
      }
      // An address block runs street first, then postal code and city: a postal code or city
      // above the street belongs to another address (the old one, given just before the new).
      const block = ADDRESS_FIELDS.map((field) => document.lines[field]).filter((span) => span);
      const country = document.lines.country;
      if (country && block.length > 0) {
        const first = Math.min(...block.map((span) => span?.first ?? 0));
        const last = Math.max(...block.map((span) => span?.last ?? 0));
        if (country.first < first || country.first > last + COUNTRY_LINES) {
          problems.push('the country was read away from the address (a signature?)');
        }
      }
      const street = document.lines.line1;
      for (const field of ['postalCode', 'city']) {
        const span = document.lines[field];
        const name = field === 'city' ? 'city' : 'postal code';
        if (street && span && span.first < street.first) {
          problems.push(`the ${name} was read above the street`);
        } else if (street && span && span.first > street.last + STREET_TO_TOWN) {
          problems.push(`the ${name} was read ${span.first - street.last} lines below the street`);
        }
      }
      const old = [...ADDRESS_FIELDS, 'country'].filter((field) =>
        linesOf(document, field).some((line) => OLD_ADDRESS.test(line)),
      );
      if (old.length > 0) {
        problems.push(`${old.join(', ')} come from a line about the old address`);
      }
      const quoted = [...ADDRESS_FIELDS, 'country'].filter((field) =>
        linesOf(document, field).some((line) => line.trimStart().startsWith('>')),
      );
      if (quoted.length > 0) {
        problems.push(`${quoted.join(', ')} come from a quoted earlier message ("> …")`);
      }
      return problems.length === 0
        ? { passed: true }
        : { passed: false, message: `The new address is in doubt: ${problems.join('; ')}.` };
    },
  }),
  defineRule<TAddressChangeInput>({
    name: 'document-sender',
    message: 'The contact whose address moves must be the person who sent the message.',
    severity: 'error',
    appliesTo: (evidence) => evidence.document?.sender.from !== null && evidence.document !== null,
    check(evidence) {
      const sender = senderAddress(evidence.document?.sender.from ?? null);
      return sender === null || sender === evidence.input.contactEmail
        ? { passed: true }
        : {
            passed: false,
            message: `The message was sent by ${sender}, not by ${evidence.input.contactEmail}: a forwarded or third-party message moves nobody without a person.`,
            details: { sender, contact: evidence.input.contactEmail },
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
      const { document } = evidence;
      const lines = linesOf(document, 'effectiveDate');
      const unsaid = lines.filter((line) => !EFFECTIVE_FROM.test(line) || OTHER_DATE.test(line));
      const sent = document?.sender.date ? new Date(document.sender.date) : null;
      const date = evidence.input.effectiveDate ?? '';
      const before =
        sent !== null && !Number.isNaN(sent.getTime()) && date < sent.toISOString().slice(0, 10);
      if (lines.length > 0 && unsaid.length === 0 && !before) return { passed: true };
      return {
        passed: false,
        message: before
          ? `${date} is before the message was sent: a date of something past, not when the address applies?`
          : `${date} is read from "${(unsaid[0] ?? '').replace(/\s+/g, ' ').trim().slice(0, 160)}", which does not say the address applies from then.`,
      };
    },
  }),
];
