/**
 * How a value of each field kind is read, in one place: from a model's answer or a person's
 * correction (`parseFieldValue`, which normalises it: an IBAN without spaces, a currency as its
 * ISO code…), and from a quote (`read*`: every number, date, currency and country a quote
 * writes), which grounding compares the value with. Each kind is read by its module under
 * `./values/`; this is their entry point.
 */
import type { TFieldKind } from '../tools/model/fields.ts';
import { parseDomain, parseEmail, parsePostcode } from './values/addresses.ts';
import { parseCountry } from './values/countries.ts';
import { parseCurrency } from './values/currencies.ts';
import { parseDate } from './values/dates.ts';
import { parseIban } from './values/iban.ts';
import { parseAmount } from './values/numbers.ts';
import { collapse, type TParsedValue } from './values/text.ts';

export { readCountries } from './values/countries.ts';
export { CROWNS, DOLLARS, readCurrencies } from './values/currencies.ts';
export {
  ambiguity as dateAmbiguity,
  type DateOrders,
  dateOrders,
  readDates,
  settleDate,
} from './values/dates.ts';
export { ibanProblem, readIbans } from './values/iban.ts';
export { formatAmount, readNumbers, roundToCents, severalAmounts } from './values/numbers.ts';
export { collapse, type TParsedValue } from './values/text.ts';

/** The longest value of any kind (the fields' schema says the same). */
const MAX_VALUE_LENGTH = 500;

/**
 * A value of a kind, normalised, or why it is not one: what a model's answer must be before its
 * quotes are looked at, and what a person's correction must be. Amounts are numbers (text in
 * the usual formats is read, if it can be read only one way); a postcode, an identifier or a text
 * may be given as a whole number; a bare "$" is USD and "¥" JPY.
 */
export function parseFieldValue(kind: TFieldKind, raw: unknown): TParsedValue {
  if (typeof raw === 'string' && raw.length > MAX_VALUE_LENGTH) {
    return { ok: false, message: `Longer than ${MAX_VALUE_LENGTH} characters.` };
  }
  if (kind === 'amount') return parseAmount(raw);
  const wholeNumberAllowed = kind === 'postcode' || kind === 'identifier' || kind === 'text';
  const text =
    wholeNumberAllowed && typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0
      ? String(raw)
      : raw;
  if (typeof text !== 'string') return { ok: false, message: 'Expected text.' };
  if (collapse(text) === '') return { ok: false, message: 'The value is empty.' };
  switch (kind) {
    case 'currency':
      return parseCurrency(text);
    case 'date':
      return parseDate(text);
    case 'iban':
      return parseIban(text);
    case 'postcode':
      return parsePostcode(text);
    case 'country':
      return parseCountry(text);
    case 'email':
      return parseEmail(text);
    case 'domain':
      return parseDomain(text);
    case 'identifier':
    case 'text':
      return { ok: true, value: collapse(text) };
    default:
      return kind satisfies never;
  }
}
