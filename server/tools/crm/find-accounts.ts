/** `crm.find-accounts`: candidate CRM accounts for a domain and/or company name, for dedupe. */
import { z } from 'zod';
import { normalizeCompanyName, slug } from '../../systems/seed/companies.ts';
import { defineTool } from '../define-tool.ts';
import { normalizeDomain } from '../directory/normalize-domain.ts';
import { ACCOUNT_COLUMNS, type TAccount, toAccount, ZAccount } from './records.ts';

/** Why an account was offered, strongest first. */
export const MATCH_REASONS = [
  'domain',
  'name-exact',
  'name-normalized',
  'domain-stem',
  'name-similar',
] as const;
type TMatchReason = (typeof MATCH_REASONS)[number];

const ZInput = z
  .object({
    domain: z.string().min(3).max(253).optional(),
    name: z.string().trim().min(2).max(200).optional(),
    limit: z.number().int().min(1).max(50).default(10),
  })
  .refine((input) => input.domain !== undefined || input.name !== undefined, {
    message: 'give a domain, a name, or both',
    path: ['domain'],
  });

const ZOutput = z.object({
  candidates: z.array(
    z.object({ account: ZAccount, reasons: z.array(z.enum(MATCH_REASONS)).min(1) }),
  ),
});

/** The part of a domain that names the company: `getacme-de.com` → `acme`. */
function domainStem(domain: string): string {
  const label = domain.split('.')[0] ?? '';
  return label
    .replace(/^(get|try|use|go)(?=[a-z0-9]{3})/, '')
    .replace(/-[a-z]{2}$/, '')
    .replace(/(group|hq|inc|app)$/, '')
    .replace(/[^a-z0-9]/g, '');
}

/** The reasons `account` matches the query, empty when it does not. */
function matchReasons(
  account: TAccount,
  query: { domain?: string; name?: string; normalized?: string },
): TMatchReason[] {
  const reasons: TMatchReason[] = [];
  if (query.domain !== undefined) {
    if (account.domain === query.domain) reasons.push('domain');
    else if (domainStem(account.domain) === domainStem(query.domain)) reasons.push('domain-stem');
  }
  if (query.name !== undefined && query.normalized !== undefined) {
    const normalized = normalizeCompanyName(account.name);
    if (account.name.toLowerCase() === query.name.toLowerCase()) reasons.push('name-exact');
    else if (normalized === query.normalized) reasons.push('name-normalized');
    else if (
      query.normalized.length >= 4 &&
      normalized.length >= 4 &&
      (normalized.startsWith(`${query.normalized} `) ||
        query.normalized.startsWith(`${normalized} `))
    ) {
      reasons.push('name-similar');
    }
    if (
      query.domain === undefined &&
      slug(query.normalized).length >= 4 &&
      domainStem(account.domain) === slug(query.normalized)
    ) {
      reasons.push('domain-stem');
    }
  }
  return reasons.sort((a, b) => MATCH_REASONS.indexOf(a) - MATCH_REASONS.indexOf(b));
}

/** Finds accounts that match a domain or name exactly or nearly, each with why it matched. */
export const crmFindAccounts = defineTool({
  name: 'crm.find-accounts',
  description:
    'Find CRM accounts that may be the given company, to avoid creating a duplicate. Give a ' +
    'domain (a URL works; it is normalised), a company name, or both. Names match ' +
    'case-insensitively and also after normalisation (punctuation and legal suffixes such as ' +
    'GmbH, Inc, Ltd removed), and domains also by their stem (acme.com ~ getacme.com). Returns ' +
    '{ candidates: [{ account, reasons }] }, strongest match first; reasons are "domain", ' +
    '"name-exact", "name-normalized", "domain-stem", "name-similar". An empty list means no ' +
    'account looks like this company.',
  input: ZInput,
  output: ZOutput,
  sideEffect: 'read',
  idempotent: true,
  reversible: false,
  retry: { maxAttempts: 3 },
  timeoutMs: 5_000,
  provenance: {
    keys: { domain: 'company.domain', name: 'company.name' },
    search: true,
  },
  async run(input, context) {
    const query = {
      domain: input.domain === undefined ? undefined : normalizeDomain(input.domain),
      name: input.name,
      normalized: input.name === undefined ? undefined : normalizeCompanyName(input.name),
    };
    // The CRM holds hundreds of accounts, not millions: match in memory, as a connector would
    // over the CRM's own search API, rather than depending on a trigram extension.
    const { rows } = await context.clients.db.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM crm.accounts ORDER BY name, id`,
    );
    const candidates = rows
      .map((row) => toAccount(row))
      .map((account) => ({ account, reasons: matchReasons(account, query) }))
      .filter((candidate) => candidate.reasons.length > 0)
      .sort((a, b) => rank(a.reasons) - rank(b.reasons));
    return { candidates: candidates.slice(0, input.limit) };
  },
});

function rank(reasons: readonly TMatchReason[]): number {
  return Math.min(...reasons.map((reason) => MATCH_REASONS.indexOf(reason))) - reasons.length / 10;
}
