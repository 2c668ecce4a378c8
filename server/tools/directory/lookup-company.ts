/** `directory.lookup-company`: firmographics for a company, by its web domain. */
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { normalizeDomain } from './normalize-domain.ts';

const EMPLOYEE_RANGES = [
  '1-10',
  '11-50',
  '51-200',
  '201-500',
  '501-1000',
  '1001-5000',
  '5001+',
] as const;
const REVENUE_BANDS = ['<1M', '1M-10M', '10M-50M', '50M-250M', '250M-1B', '1B+'] as const;

/** The firmographics the directory holds for one company. */
export const ZCompany = z.object({
  domain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/),
  legalName: z.string().min(1),
  normalizedName: z.string().min(1),
  industry: z.string().min(1),
  employeeRange: z.enum(EMPLOYEE_RANGES),
  country: z.string().regex(/^[A-Z]{2}$/),
  hqCity: z.string().min(1),
  foundedYear: z.number().int().min(1800).max(2100).nullable(),
  revenueBand: z.enum(REVENUE_BANDS),
});

export type TCompany = z.infer<typeof ZCompany>;

const ZRow = z.object({
  domain: z.string(),
  legal_name: z.string(),
  normalized_name: z.string(),
  industry: z.string(),
  employee_range: z.string(),
  country: z.string(),
  hq_city: z.string(),
  founded_year: z.number().nullable(),
  revenue_band: z.string(),
});

const ZInput = z.object({
  domain: z
    .string()
    .min(3)
    .max(253)
    .refine((value) => normalizeDomain(value).includes('.'), {
      message: 'must be a web domain such as example.com (a URL is fine too)',
    }),
});

const ZOutput = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true), domain: z.string(), company: ZCompany }),
  z.object({ found: z.literal(false), domain: z.string() }),
]);

/** Looks up a company's firmographics in the company directory by its (normalised) domain. */
export const directoryLookupCompany = defineTool({
  name: 'directory.lookup-company',
  description:
    'Look up a company in the company directory (firmographics) by its web domain. The domain ' +
    'is normalised first (lower case; scheme, "www.", port and path removed), so a URL or an ' +
    'email domain works. Returns { found: true, domain, company: { legalName, normalizedName, ' +
    'industry, employeeRange, country, hqCity, foundedYear, revenueBand } } or { found: false, ' +
    'domain } when the directory does not know the company. Read-only; use it to enrich a CRM account.',
  input: ZInput,
  output: ZOutput,
  sideEffect: 'read',
  idempotent: true,
  reversible: false,
  retry: { maxAttempts: 3 },
  timeoutMs: 5_000,
  provenance: {
    keys: { domain: 'company.domain' },
    identifies: { domain: 'company.domain' },
  },
  async run(input, context) {
    const domain = normalizeDomain(input.domain);
    const { rows } = await context.clients.db.query(
      `SELECT domain, legal_name, normalized_name, industry, employee_range, country, hq_city,
              founded_year, revenue_band
         FROM directory.companies WHERE domain = $1`,
      [domain],
    );
    if (rows.length === 0) return { found: false as const, domain };
    // Parsed loosely: the output contract, checked by the registry, is what holds the values.
    const row = ZRow.parse(rows[0]);
    return {
      found: true as const,
      domain,
      company: {
        domain: row.domain,
        legalName: row.legal_name,
        normalizedName: row.normalized_name,
        industry: row.industry,
        employeeRange: row.employee_range as TCompany['employeeRange'],
        country: row.country,
        hqCity: row.hq_city,
        foundedYear: row.founded_year,
        revenueBand: row.revenue_band as TCompany['revenueBand'],
      },
    };
  },
});
