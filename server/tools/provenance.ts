/**
 * What a tool declares so that deterministic code can prove a plan writes only to a run's
 * subject, with proven values (DESIGN.md section 2a). A tool names the input fields that pick
 * the record it reads or writes (keys, by identifier kind), the output fields that identify the
 * record it returned, whether it searches (its results are other records, never the subject's
 * own), and, for writes, the fields Steward fills from the decision (actor) and the fields a
 * model may word itself (free text). Every other write field is a value that must be proven.
 */
import { normalizeDomain } from './directory/normalize-domain.ts';

/** The kinds of identifier a subject is known by, across the systems of record. */
export const IDENTIFIER_KINDS = [
  'erp.invoice-id',
  'erp.invoice-number',
  'erp.vendor-number',
  'erp.vendor-id',
  'erp.po-number',
  'company.domain',
  'company.name',
  'crm.account-id',
  'crm.contact-id',
  'crm.contact-email',
  'billing.customer-number',
  'shipping.profile-id',
] as const;
export type TIdentifierKind = (typeof IDENTIFIER_KINDS)[number];

const trimmed = (value: string) => value.trim();
const upper = (value: string) => value.trim().toUpperCase();
const lower = (value: string) => value.trim().toLowerCase();
const companyName = (value: string) => value.trim().toLowerCase().replace(/\s+/g, ' ');

/** How each kind's values compare (case, spacing, a domain written as a URL). */
const NORMALIZE: Record<TIdentifierKind, (value: string) => string> = {
  'erp.invoice-id': lower,
  // Exact (trimmed): a re-submitted duplicate is the same number reformatted, and another invoice.
  'erp.invoice-number': trimmed,
  'erp.vendor-number': upper,
  'erp.vendor-id': lower,
  'erp.po-number': upper,
  'company.domain': (value) => normalizeDomain(value),
  'company.name': companyName,
  'crm.account-id': lower,
  'crm.contact-id': lower,
  'crm.contact-email': lower,
  'billing.customer-number': upper,
  'shipping.profile-id': lower,
};

/** A value of this kind in comparable form; null for a value that is not a string. */
export function normalizeIdentifier(kind: TIdentifierKind, value: unknown): string | null {
  return typeof value === 'string' ? NORMALIZE[kind](value) : null;
}

/** What a tool declares for provenance; see the module comment. */
export interface ToolProvenance {
  /** Top-level input fields that pick the record(s) read or written, by identifier kind. */
  keys?: Partial<Record<string, TIdentifierKind>>;
  /** Keys without which the read spans records of others (a search across every vendor). */
  requiredKeys?: readonly string[];
  /**
   * Output paths (dotted, from the output's root) that identify the record the tool returned
   * or wrote, by kind: a reference from one of them into a key or target is proven.
   */
  identifies?: Partial<Record<string, TIdentifierKind>>;
  /** Its results are other records found by a search: evidence for rules, never a source of values. */
  search?: boolean;
  /** Write fields Steward fills from the decision (the approver): never from a plan. */
  actorFields?: readonly string[];
  /** Write fields a model may word itself (a reason, a note), shown to the reviewer as model-written. */
  freeTextFields?: readonly string[];
}

/** The role of one write input field, as the catalogue shows it to a planner. */
export type TFieldRole = 'target' | 'actor' | 'free-text' | 'value';

/** The role of a write tool's input field. */
export function fieldRole(provenance: ToolProvenance | undefined, field: string): TFieldRole {
  if (keyKind(provenance, field)) return 'target';
  if (provenance?.actorFields?.includes(field)) return 'actor';
  if (provenance?.freeTextFields?.includes(field)) return 'free-text';
  return 'value';
}

/** The identifier kind of a key field (own properties only: `constructor` is no key). */
export function keyKind(
  provenance: ToolProvenance | undefined,
  field: string,
): TIdentifierKind | undefined {
  const keys = provenance?.keys;
  return keys && Object.hasOwn(keys, field) ? keys[field] : undefined;
}

/** The identifier kind an output path carries, if the tool declares one. */
export function identifierAt(
  provenance: ToolProvenance | undefined,
  path: string,
): TIdentifierKind | undefined {
  const identifies = provenance?.identifies;
  return identifies && Object.hasOwn(identifies, path) ? identifies[path] : undefined;
}

/** The value that stands for "Steward fills this" in an actor field of a plan. */
export const ACTOR_PLACEHOLDER = 'steward';
