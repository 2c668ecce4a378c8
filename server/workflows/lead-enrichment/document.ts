/**
 * Lead enrichment from a salesperson's note or an e-mail signature: the model step reads the
 * company, its domain and the person; code grounds each field. The directory and e-mail checks
 * of the workflow hold as for typed leads; this one adds that the person read is one person: the
 * e-mail address is theirs (it carries their first or last name), not a colleague's in copy.
 */
import { defineRule, withDocument } from '../../validation/rules.ts';
import type { DocumentIntake } from '../document-stage.ts';
import { type TLeadEnrichmentInput, ZLeadDocumentInputSchema } from './input.ts';

/** How a note about a lead becomes the workflow's input. */
export const leadDocumentIntake: DocumentIntake = {
  tool: 'documents.read-lead',
  input: ZLeadDocumentInputSchema,
  toInput(values, documentInput) {
    return {
      companyName: values.companyName,
      ...(values.domain === null || values.domain === undefined ? {} : { domain: values.domain }),
      contact: {
        email: values.email,
        firstName: values.firstName,
        lastName: values.lastName,
        ...(values.title === null || values.title === undefined ? {} : { title: values.title }),
      },
      owner: documentInput.owner,
      ...(typeof documentInput.source === 'string' ? { source: documentInput.source } : {}),
    };
  },
};

/** Letters only, without accents: "Müller-Lüdenscheidt" → "mullerludenscheidt". */
const letters = (value: string) =>
  value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/**
 * Whether an e-mail's local part names this person: "anna.schmitt", "a.schmitt", "aschmitt",
 * "schmitt" or "anna" for Anna Schmitt. A local part in several pieces ("anna.miller") must carry
 * the last name, and the first name or its initial: a first name from one person and a last name
 * from another (a colleague in copy) do not make one person.
 */
export function emailNamesPerson(email: string, firstName: string, lastName: string): boolean {
  const raw = email.split('@')[0] ?? '';
  const local = letters(raw);
  const first = letters(firstName);
  const last = letters(lastName);
  const lastParts = lastName
    .split(/[\s-]+/)
    .map(letters)
    .filter((part) => part.length >= 2);
  const hasLast =
    (last.length >= 2 && local.includes(last)) || lastParts.some((part) => local.includes(part));
  const hasFirst =
    (first.length >= 2 && local.includes(first)) ||
    (first !== '' && hasLast && local.startsWith(first.charAt(0)));
  return /[._-]/.test(raw) ? hasLast && hasFirst : hasLast || hasFirst;
}

/** What separates a title from a name or a company on a signature line. */
const TITLE_SEPARATORS = /\s*(?:[,|()·•/;:–—]|\s-\s)\s*/;

const comparableTitle = (value: string) =>
  value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Other people of the note with the lead's last name and first initial ("Andreas Becker" beside
 * "Anna Becker"): an address like a.becker@ could be either's.
 */
function namesakes(text: string, firstName: string, lastName: string): string[] {
  const initial = firstName.charAt(0).toLowerCase();
  const pattern = /(\p{Lu}[\p{Ll}'-]+)\s+(\p{Lu}[\p{L}'-]+)/gu;
  const found = new Set<string>();
  for (const [, first = '', last = ''] of text.matchAll(pattern)) {
    if (
      last.toLowerCase() === lastName.toLowerCase() &&
      first.toLowerCase() !== firstName.toLowerCase() &&
      first.charAt(0).toLowerCase() === initial
    ) {
      found.add(`${first} ${last}`);
    }
  }
  return [...found];
}

/** The cross-check of a lead read from a note; it passes for typed leads. */
export const leadDocumentRules = [
  defineRule<TLeadEnrichmentInput>({
    name: 'document-one-person',
    message: "The e-mail address read must be the lead's own (it carries their name).",
    severity: 'error',
    appliesTo: withDocument,
    check(evidence) {
      const { email, firstName, lastName } = evidence.input.contact;
      const local = letters(email.split('@')[0] ?? '');
      const others = local.includes(letters(firstName))
        ? []
        : namesakes(evidence.document?.text ?? '', firstName, lastName);
      if (others.length > 0) {
        return {
          passed: false,
          message: `${email} could as well be ${others.join(' or ')}'s: the note names both.`,
        };
      }
      return emailNamesPerson(email, firstName, lastName)
        ? { passed: true }
        : {
            passed: false,
            message: `${email} does not carry the name ${firstName} ${lastName}: is it a colleague's address?`,
          };
    },
  }),
  defineRule<TLeadEnrichmentInput>({
    name: 'document-title',
    message: 'The job title read must be a whole title the note gives, not a part of one.',
    severity: 'error',
    appliesTo: (evidence) =>
      evidence.document !== null && evidence.input.contact.title !== undefined,
    check(evidence) {
      const title = comparableTitle(evidence.input.contact.title ?? '');
      const lines = evidence.document?.quoteLines.title ?? [];
      const whole = lines.some((line) =>
        line.split(TITLE_SEPARATORS).some((segment) => comparableTitle(segment) === title),
      );
      return whole
        ? { passed: true }
        : {
            passed: false,
            message: `"${evidence.input.contact.title}" is part of "${(lines[0] ?? '').trim().slice(0, 120)}": is that the lead's title?`,
          };
    },
  }),
];
