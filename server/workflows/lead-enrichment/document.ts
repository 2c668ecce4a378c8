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
 * Whether an e-mail's local part names this person, in the forms companies use: for Anna Schmitt
 * "anna.schmitt", "a.schmitt", "schmitt.anna", "aschmitt", "annaschmitt", "schmitt" or "anna".
 * A local part in pieces ("alina.lindner") must be made of the first name (or its initial) and
 * the last name, each a whole piece: "li" inside "lindner" is not Li.
 */
export function emailNamesPerson(email: string, firstName: string, lastName: string): boolean {
  const raw = (email.split('@')[0] ?? '').toLowerCase().replace(/\d+$/, '');
  const first = letters(firstName);
  const last = letters(lastName);
  if (first === '' || last === '') return false;
  const initial = first.charAt(0);
  const pieces = raw
    .split(/[._-]+/)
    .map(letters)
    .filter((piece) => piece !== '');
  if (pieces.length >= 2) {
    const isFirst = (piece: string) => piece === first || piece === initial;
    const isLast = (piece: string) => piece === last;
    return (
      pieces.length === 2 &&
      ((isFirst(pieces[0] ?? '') && isLast(pieces[1] ?? '')) ||
        (isLast(pieces[0] ?? '') && isFirst(pieces[1] ?? '')))
    );
  }
  const local = letters(raw);
  return [first + last, initial + last, last + first, last + initial, last, first].includes(local);
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
      const { firstName, lastName } = evidence.input.contact;
      const text = evidence.document?.text ?? '';
      const theirs = (
        evidence.document?.fields.find((field) => field.field === 'title')?.evidence ?? []
      )
        .filter((quote) => quote.found)
        .some((quote) => {
          // The title's own line, or the line above it (a signature: name, then title).
          const lineStart = text.lastIndexOf('\n', Math.max(0, quote.start - 1)) + 1;
          const above = text.lastIndexOf('\n', Math.max(0, lineStart - 2)) + 1;
          const end = text.indexOf('\n', quote.end);
          const near = letters(text.slice(above, end === -1 ? text.length : end));
          return near.includes(letters(lastName)) && near.includes(letters(firstName));
        });
      if (whole && !theirs) {
        return {
          passed: false,
          message: `"${evidence.input.contact.title}" stands beside someone else's name, not ${firstName} ${lastName}'s.`,
        };
      }
      return whole
        ? { passed: true }
        : {
            passed: false,
            message: `"${evidence.input.contact.title}" is part of "${(lines[0] ?? '').trim().slice(0, 120)}": is that the lead's title?`,
          };
    },
  }),
];
