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

/** Whether an e-mail's local part names this person (first or last name, or its first part). */
export function emailNamesPerson(email: string, firstName: string, lastName: string): boolean {
  const local = letters(email.split('@')[0] ?? '');
  const parts = [firstName, lastName]
    .flatMap((name) => [letters(name), ...name.split(/[\s-]+/).map(letters)])
    .filter((part) => part.length >= 3);
  return parts.some((part) => local.includes(part));
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
      return emailNamesPerson(email, firstName, lastName)
        ? { passed: true }
        : {
            passed: false,
            message: `${email} does not carry the name ${firstName} ${lastName}: is it a colleague's address?`,
          };
    },
  }),
];
