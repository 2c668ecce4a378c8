/** What a requester submits to move a customer to a new address in every system. */
import { z } from 'zod';
import type { TAddress } from '../../tools/addresses/address.ts';

const text = (what: string, max: number) =>
  z.string().trim().min(1, `Give the ${what}.`).max(max, `At most ${max} characters.`);

/** The new postal address, as a requester writes it. */
export const ZNewAddressSchema = z.object({
  line1: text('street and number', 200).describe('Street and number, e.g. "Lindenallee 115".'),
  line2: text('second line', 200)
    .optional()
    .describe('Building, floor or c/o, if any. Leave empty to clear the old second line.'),
  city: text('city', 100).describe('City or town.'),
  postalCode: text('postal code', 20).describe('Postal or ZIP code, e.g. 10115.'),
  region: text('region', 100)
    .optional()
    .describe('State, province or county, where the country uses one.'),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'Give the two-letter country code, e.g. DE or NL.')
    .describe('Two-letter ISO country code, e.g. DE.'),
});

/**
 * The input of the address change workflow. The billing customer number names the customer in
 * billing and shipping (a delivery profile's customer reference is that number); the contact's
 * email names the person at the customer's CRM account whose address moves with it.
 */
export const ZAddressChangeInputSchema = z.object({
  customerNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^C-[0-9]{5,}$/, 'A customer number looks like C-10001.')
    .describe('The billing customer number, e.g. C-10001 (on every invoice).'),
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email('Give a valid email address.'))
    .describe("Email address of the customer's contact person in the CRM."),
  address: ZNewAddressSchema.describe('The new address; it replaces the old one everywhere.'),
  effectiveDate: z.iso
    .date('Give the date as YYYY-MM-DD.')
    .optional()
    .describe('The day the new address applies from (YYYY-MM-DD). Leave empty for right away.'),
});

/** A parsed address change input. */
export type TAddressChangeInput = z.infer<typeof ZAddressChangeInputSchema>;

/** The new address as the address tools take it: a complete address, absent lines cleared. */
export function toolAddress(address: TAddressChangeInput['address']): TAddress {
  return {
    line1: address.line1,
    line2: address.line2 ?? null,
    city: address.city,
    postal_code: address.postalCode,
    region: address.region ?? null,
    country: address.country,
  };
}

/** A run handed the customer's message: every field comes from it. */
export const ZAddressChangeDocumentInputSchema = z.object({
  documentId: z.uuid('Upload the message first; its id is a UUID.'),
});
