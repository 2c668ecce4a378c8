/**
 * The postal address every address tool reads and writes (CRM contacts, billing customers,
 * shipping delivery profiles), so one workflow can carry one address through all three systems.
 */
import type pg from 'pg';
import { z } from 'zod';
import { NonRetriableError } from '../../engine/errors.ts';
import type { TFieldChange } from '../define-tool.ts';
import { changedFields } from '../field-changes.ts';

const text = z.string().trim().min(1, 'must not be empty');

/** A postal address; `country` is an ISO 3166-1 alpha-2 code such as DE, never a country name. */
export const ZAddress = z.object({
  line1: text.describe('Street and number, e.g. "Lindenallee 115"'),
  line2: text.nullish().describe('Optional second line: building, floor, c/o'),
  city: text,
  postal_code: text,
  region: text.nullish().describe('State, province or county, if the country uses one'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. DE or NL')
    .describe('ISO 3166-1 alpha-2 country code, e.g. DE'),
});
export type TAddress = z.infer<typeof ZAddress>;

/** The record a tool was asked about does not exist: retrying cannot help. */
export class RecordNotFoundError extends NonRetriableError {
  override name = 'RecordNotFoundError';
}

/** More than one record matches a reference that should name one. */
export class AmbiguousRecordError extends NonRetriableError {
  override name = 'AmbiguousRecordError';
}

/**
 * The address held in `row`'s columns named `<prefix>line1` … `<prefix>country`, or null when
 * the record holds none (no line1). Values pass through unchecked: the output contract checks them.
 */
export function addressFromRow(row: pg.QueryResultRow, prefix = ''): TAddress | null {
  if (row[`${prefix}line1`] === null || row[`${prefix}line1`] === undefined) return null;
  return {
    line1: row[`${prefix}line1`],
    line2: row[`${prefix}line2`] ?? null,
    city: row[`${prefix}city`],
    postal_code: row[`${prefix}postal_code`],
    region: row[`${prefix}region`] ?? null,
    country: row[`${prefix}country`],
  };
}

/**
 * An address's six columns exactly as a record holds them, each possibly null (a contact may
 * have a city but no street): what a compensation puts back.
 */
export const ZAddressColumns = z.object({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  postal_code: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
});
export type TAddressColumns = z.infer<typeof ZAddressColumns>;

/** The columns `<prefix>line1` … `<prefix>country` of `row`, as they are. */
export function addressColumnsFromRow(row: pg.QueryResultRow, prefix = ''): TAddressColumns {
  const value = (field: string): string | null => row[`${prefix}${field}`] ?? null;
  return {
    line1: value('line1'),
    line2: value('line2'),
    city: value('city'),
    postal_code: value('postal_code'),
    region: value('region'),
    country: value('country'),
  };
}

/** The address as SQL parameters, in column order line1, line2, city, postal_code, region, country. */
export function addressParams(address: TAddress | TAddressColumns | null): (string | null)[] {
  return [
    address?.line1 ?? null,
    address?.line2 ?? null,
    address?.city ?? null,
    address?.postal_code ?? null,
    address?.region ?? null,
    address?.country ?? null,
  ];
}

/** The address columns, in the order addressParams gives their values. */
const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'postal_code', 'region', 'country'] as const;

/**
 * The `address.<field>` changes of writing `proposed` over the address in `row`'s columns
 * `<prefix>line1` … `<prefix>country`, as the address tools' previews show them.
 */
export function addressChanges(
  row: pg.QueryResultRow,
  proposed: TAddress | TAddressColumns | null,
  prefix = '',
): TFieldChange[] {
  const values = addressParams(proposed);
  return changedFields(
    ADDRESS_FIELDS.map((field, index) => [
      `address.${field}`,
      row[`${prefix}${field}`] ?? null,
      values[index] ?? null,
    ]),
  );
}
