/** How the CRM write tools show what they would change (ToolDefinition.preview). */
import type { JsonValue } from '../../engine/types.ts';
import type { TFieldChange } from '../define-tool.ts';
import { changedFields } from '../field-changes.ts';
import type { TAccount, TContact } from './records.ts';

/** The account fields a preview compares, in the order it lists them. */
const ACCOUNT_FIELDS = [
  'name',
  'domain',
  'owner',
  'industry',
  'employeeCount',
  'country',
  'lifecycleStage',
  'leadScore',
  'enrichedAt',
] as const;
type TAccountField = (typeof ACCOUNT_FIELDS)[number];

/** The contact fields a preview compares (address ones shown as `address.<field>`), in order. */
const CONTACT_FIELDS = [
  'firstName',
  'lastName',
  'phone',
  'title',
  'line1',
  'line2',
  'city',
  'postalCode',
  'region',
  'country',
] as const;
type TContactField = (typeof CONTACT_FIELDS)[number];
const PERSON_FIELDS: readonly string[] = ['firstName', 'lastName', 'phone', 'title'];

/** Every account field set to null: what deleting an account does to it. */
export const DELETED_ACCOUNT = Object.fromEntries(ACCOUNT_FIELDS.map((field) => [field, null]));

/** Every contact field set to null: what deleting a contact does to it. */
export const DELETED_CONTACT = Object.fromEntries(CONTACT_FIELDS.map((field) => [field, null]));

/** The account in words, e.g. "CRM account acme.com (Acme GmbH)". */
export function describeAccount(account: TAccount): string {
  return `CRM account ${account.domain} (${account.name})`;
}

/** The contact in words, e.g. "CRM contact jane@acme.com (Jane Doe)". */
export function describeContact(contact: TContact): string {
  return `CRM contact ${contact.email} (${contact.firstName} ${contact.lastName})`;
}

/**
 * The account fields `proposed` would change on `current` (null: the account does not exist);
 * fields `proposed` does not name, or names as undefined, are left as they are.
 */
export function accountChanges(
  current: TAccount | null,
  proposed: Partial<Record<TAccountField, JsonValue | undefined>>,
): TFieldChange[] {
  return changedFields(
    ACCOUNT_FIELDS.filter((field) => proposed[field] !== undefined).map((field) => [
      field,
      current?.[field] ?? null,
      proposed[field],
    ]),
  );
}

/** The contact fields `proposed` (flattened, as contactFields gives them) would change. */
export function contactChanges(
  current: TContact | null,
  proposed: Partial<Record<TContactField, string | null | undefined>>,
): TFieldChange[] {
  const flat: Partial<Record<TContactField, string | null>> = current
    ? {
        firstName: current.firstName,
        lastName: current.lastName,
        phone: current.phone,
        title: current.title,
        ...current.address,
      }
    : {};
  return changedFields(
    CONTACT_FIELDS.filter((field) => proposed[field] !== undefined).map((field) => [
      PERSON_FIELDS.includes(field) ? field : `address.${field}`,
      flat[field] ?? null,
      proposed[field],
    ]),
  );
}
