/**
 * Address change from the customer's own message (an e-mail in any language): the model step
 * reads the customer number, the sender and the new address; code grounds each field, and these
 * cross-checks hold the reading against billing before anything moves: the address read must
 * differ from the one on record (reading the old address back is the likeliest mistake), and
 * its parts must come from one place in the message (not a street from the new address and a
 * city from the signature).
 */
import { type DocumentEvidence, quotesTogether } from '../../documents/evidence.ts';
import { readDates } from '../../documents/values/dates.ts';
import { defineRule, type RuleVerdict, withDocument } from '../../validation/rules.ts';
import type { DocumentIntake } from '../document-stage.ts';
import { addressBlockProblems, word } from './address-block.ts';
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

/**
 * What a message says next to the day a new address applies from, in the languages customers
 * write in, as whole words: "valid from", "ab dem", "à partir du", "a partir del", "vanaf".
 */
const EFFECTIVE_FROM = word(
  'from|starting|effective|as of|valid from|ab|zum|gilt|gültig|à partir|a partir|dès|desde|vanaf|per|met ingang|geldig|wirksam|moving|move|umzug|ziehen|déménag\\p{L}*|mudanza|nos mudamos|verhuiz\\p{L}*',
);

/** What a message says next to a date that is not when an address applies: a bill, a contract. */
const OTHER_DATE = word(
  '\\p{L}*(?:rechnung|vertrag|verträge)\\p{L}*|invoice\\p{L}*|facture|factuur|factura|contract\\p{L}*|contrat|contrato|lease|signed|unterschrieben|firmamos|signé|dated|expires?|läuft|ausläuft|endet|ends|vence|expire',
);

/**
 * The one address of `From:` (the last `<…>`: a display name may hold another), or null when
 * there is none or more than one sender.
 */
function senderAddress(from: string | null): string | null {
  if (from === null) return null;
  const outsideQuotes = from.replace(/"(?:[^"\\]|\\.)*"/g, '');
  const addresses = [...outsideQuotes.matchAll(/<([^<>]+)>|([^\s<>,;"]+@[^\s<>,;"]+)/g)].map(
    (match) => (match[1] ?? match[2] ?? '').trim().toLowerCase(),
  );
  return addresses.length === 1 ? (addresses[0] ?? null) : null;
}

const linesOf = (document: DocumentEvidence | null, field: string) =>
  document?.quoteLines[field] ?? [];

const today = () => new Date().toISOString().slice(0, 10);

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
      const problems = addressBlockProblems(document, (fields, lines) =>
        quotesTogether(document, fields, lines),
      );
      return problems.length === 0
        ? { passed: true }
        : { passed: false, message: `The new address is in doubt: ${problems.join('; ')}.` };
    },
  }),
  defineRule<TAddressChangeInput>({
    name: 'document-sender',
    message: 'The contact whose address moves must be the one person who sent the message.',
    severity: 'error',
    appliesTo: withDocument,
    check(evidence): RuleVerdict {
      const from = evidence.document?.sender.from ?? null;
      const sender = senderAddress(from);
      const replyTo = evidence.document?.sender.replyTo ?? null;
      const answersTo = replyTo === null ? sender : senderAddress(replyTo);
      if (sender === evidence.input.contactEmail && answersTo !== sender) {
        return {
          passed: false,
          message: `The message is from ${sender} but asks for answers at ${replyTo}: a person checks who wrote it.`,
          details: { sender, replyTo },
        };
      }
      if (sender === evidence.input.contactEmail) return { passed: true };
      return {
        passed: false,
        message:
          from === null
            ? `The message names no sender (a letter, a note): a person checks it comes from ${evidence.input.contactEmail}.`
            : sender === null
              ? `The message's sender is not one address ("${from.slice(0, 120)}"): a person checks who wrote it.`
              : `The message was sent by ${sender}, not by ${evidence.input.contactEmail}: a forwarded or third-party message moves nobody without a person.`,
        details: { sender, contact: evidence.input.contactEmail },
      };
    },
  }),
  defineRule<TAddressChangeInput>({
    name: 'document-effective-date-read',
    message: 'When the message says from when the new address applies, that date is read.',
    severity: 'error',
    appliesTo: (evidence) =>
      evidence.document !== null && evidence.input.effectiveDate === undefined,
    check(evidence) {
      const said = (evidence.document?.text ?? '')
        .split('\n')
        .find(
          (line) =>
            EFFECTIVE_FROM.test(line) &&
            !OTHER_DATE.test(line) &&
            readDates(line).some((date) => date.isos.some((iso) => iso > today())),
        );
      return said === undefined
        ? { passed: true }
        : {
            passed: false,
            message: `The message says "${said.trim().slice(0, 120)}", but no date was read: the address would change today.`,
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
      // A day's grace: the message's own day may be yesterday in UTC (sent in the evening, west).
      const before =
        sent !== null &&
        !Number.isNaN(sent.getTime()) &&
        date < new Date(sent.getTime() - 86_400_000).toISOString().slice(0, 10);
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
