/** What a requester submits to have a new lead enriched and put into the CRM. */
import { z } from 'zod';
import { normalizeDomain } from '../../tools/directory/normalize-domain.ts';

/** Mail providers whose domain says nothing about the sender's company. */
const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'web.de',
]);

const name = (what: string, max: number) =>
  z.string().trim().min(1, `Give the ${what}.`).max(max, `At most ${max} characters.`);

/** The input of the lead enrichment workflow: the company, the person, who owns a new account. */
export const ZLeadEnrichmentInputSchema = z
  .object({
    companyName: name('company name', 200).describe(
      'The company the lead works for, as they wrote it, e.g. "Northwind Logistics".',
    ),
    domain: z
      .string()
      .trim()
      .max(253)
      .transform(normalizeDomain)
      .pipe(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'Give a web domain such as acme.com.'))
      .optional()
      .describe(
        "The company's website, e.g. northwind.com. Leave empty to use the email's domain.",
      ),
    contact: z.object({
      email: z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.email('Give a valid email address.'))
        .describe("The lead's work email address."),
      firstName: name('first name', 100).describe("The lead's first name."),
      lastName: name('last name', 100).describe("The lead's last name."),
      title: name('job title', 100).optional().describe('Their job title, e.g. "Head of Finance".'),
    }),
    owner: name('account owner', 100).describe(
      'The sales rep who will own the account if the company is new to the CRM.',
    ),
    source: z
      .string()
      .trim()
      .max(500, 'At most 500 characters.')
      .optional()
      .describe('Where the lead came from, e.g. "Trade fair Hanover 2026". Optional.'),
  })
  .superRefine((input, context) => {
    const emailDomain = input.contact.email.split('@')[1] ?? '';
    if (input.domain === undefined && FREE_MAIL_DOMAINS.has(emailDomain)) {
      context.addIssue({
        code: 'custom',
        path: ['domain'],
        message: `${emailDomain} is a mail provider, not the company: give the company's domain.`,
      });
    }
  });

/** A parsed lead enrichment input. */
export type TLeadEnrichmentInput = z.infer<typeof ZLeadEnrichmentInputSchema>;

/** The company's domain: the one given, else the domain of the contact's email. */
export function leadDomain(input: TLeadEnrichmentInput): string {
  return input.domain ?? normalizeDomain(input.contact.email.split('@')[1] ?? '');
}

/** A run handed a note about the lead: the company and the person come from it. */
export const ZLeadDocumentInputSchema = z.object({
  documentId: z.uuid('Upload the note first; its id is a UUID.'),
  owner: z
    .string()
    .trim()
    .min(1, 'Give the account owner.')
    .max(100, 'At most 100 characters.')
    .describe('The sales rep who will own the account if the company is new to the CRM.'),
  source: z.string().trim().max(500, 'At most 500 characters.').optional(),
});
