// CRM accounts and contacts. Most accounts are companies the directory knows; some are missing
// from it, and some duplicate another account under a slightly different name and domain.
import { type Company, slug } from './companies.ts';
import { address, emailLocal, FIRST_NAMES, LAST_NAMES, TITLES } from './places.ts';
import { daysAgo, type Random } from './random.ts';

const OWNERS = [
  'Alex Morgan',
  'Priya Raman',
  'Jonas Weber',
  'Camille Laurent',
  'Sam Okafor',
  'Dana Whitfield',
];

export interface CrmAccount {
  id: string;
  company: Company;
  name: string;
  domain: string;
  stage: 'prospect' | 'customer' | 'churned' | 'partner';
}

/** The duplicate-looking variant of a company's name that a second account was entered under. */
function variantName(random: Random, company: Company): string {
  const choice = random.int(0, 3);
  if (choice === 0) return company.name;
  if (choice === 1) return company.legalName.toUpperCase();
  if (choice === 2)
    return `${company.name} ${random.pick(['Incorporated', 'Corporation', 'Ltd.', 'Co'])}`;
  return company.legalName.replace(/ ([^ ]+)$/, ', $1').replace(/\.$/, '');
}

/**
 * The CRM's accounts: one per company in `companies`, plus a near-duplicate account for each of
 * `duplicated` (same company, a differently written name, another domain).
 */
export function crmAccounts(
  random: Random,
  companies: readonly Company[],
  duplicated: readonly Company[],
): CrmAccount[] {
  const accounts: CrmAccount[] = companies.map((company) => {
    const stage = random.next();
    return {
      id: random.uuid(),
      company,
      name: random.chance(0.5) ? company.name : company.legalName,
      domain: company.domain,
      stage:
        stage < 0.75 ? 'customer' : stage < 0.9 ? 'prospect' : stage < 0.95 ? 'churned' : 'partner',
    };
  });
  for (const company of duplicated) {
    const base = slug(company.name);
    accounts.push({
      id: random.uuid(),
      company,
      name: variantName(random, company),
      domain: random.pick([
        `${base}-${company.country.code.toLowerCase()}.com`,
        `get${base}.com`,
        `${base}group.com`,
      ]),
      stage: 'prospect',
    });
  }
  return accounts;
}

/** Rows of `crm.accounts`. About a third are not enriched yet (no industry or headcount). */
export function accountRows(random: Random, accounts: readonly CrmAccount[]) {
  return accounts.map((account) => {
    const enriched = random.chance(0.65);
    const created = random.int(30, 900);
    return {
      id: account.id,
      name: account.name,
      domain: account.domain,
      industry: enriched ? account.company.industry : null,
      employee_count: enriched ? account.company.employeeCount : null,
      country: account.company.country.code,
      owner: random.pick(OWNERS),
      lifecycle_stage: account.stage,
      lead_score: random.chance(0.6) ? random.int(5, 98) : null,
      enriched_at: enriched ? daysAgo(random.int(1, created)) : null,
      created_at: daysAgo(created),
      updated_at: daysAgo(random.int(0, 29)),
    };
  });
}

/** Rows of `crm.contacts`: one to three people per account, with unique email addresses. */
export function contactRows(random: Random, accounts: readonly CrmAccount[]) {
  const emails = new Set<string>();
  const rows = [];
  for (const account of accounts) {
    const people = random.int(1, 3) === 3 ? random.int(2, 3) : 1;
    for (let i = 0; i < people; i++) {
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      let email = `${emailLocal(first, last)}@${account.domain}`;
      for (let n = 2; emails.has(email); n++)
        email = `${emailLocal(first, last)}${n}@${account.domain}`;
      emails.add(email);
      const where = random.chance(0.7)
        ? account.company.address
        : address(random, account.company.country);
      const created = random.int(1, 600);
      rows.push({
        id: random.uuid(),
        account_id: account.id,
        first_name: first,
        last_name: last,
        email,
        phone: random.chance(0.85)
          ? `${account.company.country.phonePrefix} ${random.digits(3)} ${random.digits(3)} ${random.digits(4)}`
          : null,
        title: random.pick(TITLES),
        line1: where.line1,
        line2: where.line2,
        city: where.city,
        postal_code: where.postalCode,
        region: where.region,
        country: where.country,
        created_at: daysAgo(created),
        updated_at: daysAgo(random.int(0, Math.min(created, 60))),
      });
    }
  }
  return rows;
}
