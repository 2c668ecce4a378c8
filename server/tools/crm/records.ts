/**
 * CRM accounts and contacts as the CRM tools return them: the output contracts, and the mapping
 * from `crm.accounts` / `crm.contacts` rows. Rows are parsed loosely (types only); the registry
 * holds the mapped values to the contract, so a bad value in the CRM fails as a ContractError.
 */
import { z } from 'zod';

export const LIFECYCLE_STAGES = ['prospect', 'customer', 'churned', 'partner'] as const;

const ZTimestamp = z.iso.datetime({ offset: true });

/** One CRM account. */
export const ZAccount = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  domain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/),
  industry: z.string().min(1).nullable(),
  employeeCount: z.number().int().positive().nullable(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  owner: z.string().min(1),
  lifecycleStage: z.enum(LIFECYCLE_STAGES),
  leadScore: z.number().int().min(0).max(100).nullable(),
  enrichedAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TAccount = z.infer<typeof ZAccount>;

/** One CRM contact, a person at an account, with a postal address. */
export const ZContact = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  email: z.email(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  address: z.object({
    line1: z.string().nullable(),
    line2: z.string().nullable(),
    city: z.string().nullable(),
    postalCode: z.string().nullable(),
    region: z.string().nullable(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .nullable(),
  }),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TContact = z.infer<typeof ZContact>;

/** The columns of `crm.accounts` the tools select. */
export const ACCOUNT_COLUMNS =
  'id, name, domain, industry, employee_count, country, owner, lifecycle_stage, lead_score, ' +
  'enriched_at, created_at, updated_at';

/** The columns of `crm.contacts` the tools select. */
export const CONTACT_COLUMNS =
  'id, account_id, first_name, last_name, email, phone, title, line1, line2, city, postal_code, ' +
  'region, country, created_at, updated_at';

const ZDate = z.date().transform((date) => date.toISOString());

const ZAccountRow = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string(),
  industry: z.string().nullable(),
  employee_count: z.number().nullable(),
  country: z.string().nullable(),
  owner: z.string(),
  lifecycle_stage: z.string(),
  lead_score: z.number().nullable(),
  enriched_at: ZDate.nullable(),
  created_at: ZDate,
  updated_at: ZDate,
});

const ZContactRow = z.object({
  id: z.string(),
  account_id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  postal_code: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
  created_at: ZDate,
  updated_at: ZDate,
});

/** A `crm.accounts` row as an account (timestamps as ISO strings, so results store as JSON). */
export function toAccount(row: unknown): TAccount {
  const r = ZAccountRow.parse(row);
  return {
    id: r.id,
    name: r.name,
    domain: r.domain,
    industry: r.industry,
    employeeCount: r.employee_count,
    country: r.country,
    owner: r.owner,
    lifecycleStage: r.lifecycle_stage as TAccount['lifecycleStage'],
    leadScore: r.lead_score,
    enrichedAt: r.enriched_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A `crm.contacts` row as a contact. */
export function toContact(row: unknown): TContact {
  const r = ZContactRow.parse(row);
  return {
    id: r.id,
    accountId: r.account_id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    title: r.title,
    address: {
      line1: r.line1,
      line2: r.line2,
      city: r.city,
      postalCode: r.postal_code,
      region: r.region,
      country: r.country,
    },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
