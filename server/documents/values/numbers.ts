/**
 * Numbers and amounts: every amount a number written in a quote can mean (`readNumbers`), and an
 * amount from a model's answer or a person's correction (`parseAmount`). Written numbers may be
 * grouped and separated in the usual ways: 1,234.56 · 1.234,56 · 1 234,56 · 1'234.56 · 1234.56 ·
 * 1234,56 · 1234.
 */
import { isCurrencyToken, isCurrencyWord } from './currencies.ts';
import type { TParsedValue } from './text.ts';

/** Amounts are at least 0 and below this. */
export const AMOUNT_LIMIT = 1e12;

/** The separators a written number may use between digit groups. */
const NUMBER_RUN = /\d+(?:[.,'’ ]\d+)*/g;
const SEPARATORS = /[.,'’ ]/g;

/** The digits of a grouped integer ("1.234.567" → "1234567"), or null if it is not one. */
function groupedDigits(groups: readonly string[], separators: readonly string[]): string | null {
  if (groups.length === 1) return groups[0] ?? null;
  const [first = '', ...rest] = groups;
  if (new Set(separators).size !== 1 || first.length > 3) return null;
  return rest.every((group) => group.length === 3) ? groups.join('') : null;
}

function toCents(digits: string, decimals: string, negative: boolean): number | null {
  if (digits.replace(/^0+/, '').length > 13 || decimals.length > 6) return null;
  const rounding = (decimals[2] ?? '0') >= '5' ? 1 : 0;
  const cents = Number(digits) * 100 + Number(`${decimals}00`.slice(0, 2)) + rounding;
  return negative ? -cents : cents;
}

/**
 * Every amount, in cents, a written number can mean. "1,234" and "1.234" are ambiguous and read
 * both ways (1234 and 1.234); "12.345,67" can only be Continental.
 */
export function numberReadings(written: string, negative = false): number[] {
  const groups = written.split(SEPARATORS);
  const separators = written.match(SEPARATORS) ?? [];
  const readings = new Set<number>();
  const whole = groupedDigits(groups, separators);
  if (whole !== null) readings.add(toCents(whole, '', negative) ?? Number.NaN);
  const decimal = separators.at(-1);
  if (decimal === '.' || decimal === ',') {
    const intSeparators = separators.slice(0, -1);
    const digits = groupedDigits(groups.slice(0, -1), intSeparators);
    if (digits !== null && !intSeparators.includes(decimal)) {
      readings.add(toCents(digits, groups.at(-1) ?? '', negative) ?? Number.NaN);
    }
  }
  return [...readings].filter((cents) => !Number.isNaN(cents));
}

/** A number written in a quote, the amounts (in cents) it can mean, and if it looks like money. */
export interface WrittenNumber {
  written: string;
  cents: number[];
  money: boolean;
}

/** Units a count or a measure is written with ("3 Stk", "2,5 Std", "12 kg"). */
const UNITS = new Set(
  'stk stück st std stunden h hrs hours pcs pc units x kg g t m m² m2 km l tage days monate months'.split(
    ' ',
  ),
);
const SYMBOL_BEFORE = /(?:^|[^\p{L}])(\p{L}{0,3}[$€£¥₹₩₺₽₪₱元]|\p{L}{2,3}\.?)\s?$/u;
const SYMBOL_AFTER = /^\s?([$€£¥₹₩₺₽₪₱元]|\p{L}+\.?)/u;

/** Whether a currency code or symbol stands right before or after a number. */
function besideCurrency(before: string, after: string): boolean {
  const currency = (token: string | undefined) =>
    token !== undefined &&
    token !== '' &&
    (isCurrencyToken(token) || isCurrencyWord(token.replace(/\.$/, '')));
  return currency(SYMBOL_BEFORE.exec(before)?.[1]) || currency(SYMBOL_AFTER.exec(after)?.[1]);
}

/**
 * Whether a number written in a quote looks like money: it has two decimals or a currency right
 * beside it. Not a percentage ("19%", "7,00 %"), a count or measure ("3 Stk", "2,50 Std"), or a
 * long run of digits (an account number).
 */
function looksLikeMoney(written: string, before: string, after: string): boolean {
  if (/^\s?%/.test(after) || /\d{9}/.test(written)) return false;
  if (UNITS.has(/^\s?(\p{L}+[²2]?)\.?(?![\p{L}])/u.exec(after)?.[1]?.toLowerCase() ?? '')) {
    return false;
  }
  return /[.,]\d{2}$/.test(written) || besideCurrency(before, after);
}

/**
 * The different amounts of money among numbers, one for each (two that can mean the same amount,
 * as "1,234" and "1.234,00" can, are one): more than one, and which is meant is for a person.
 */
function distinctAmounts(numbers: readonly WrittenNumber[]): WrittenNumber[] {
  const distinct: WrittenNumber[] = [];
  for (const number of numbers) {
    if (!number.money) continue;
    const same = distinct.some((other) =>
      other.cents.some((cents) => number.cents.includes(cents)),
    );
    if (!same) distinct.push(number);
  }
  return distinct;
}

function gluedToWord(letters: string | undefined): boolean {
  return letters !== undefined && !isCurrencyWord(letters);
}

/**
 * The numbers a quote writes. A number glued to a word ("INV-2041", "5th", "Nr.204") is part of
 * that word and not read, unless the word is a currency ("EUR1234", "Fr.1234", "100kr"). Digit
 * groups separated by spaces are read greedily from the left as one number where they can be
 * ("1 234,56" is 1234.56, never 234.56).
 */
export function readNumbers(quote: string): WrittenNumber[] {
  const numbers: WrittenNumber[] = [];
  for (const match of quote.matchAll(NUMBER_RUN)) {
    const start = match.index;
    const end = start + match[0].length;
    const before = quote.slice(Math.max(0, start - 12), start);
    const after = quote.slice(end, end + 12);
    if (gluedToWord(/(\p{L}+)\.?$/u.exec(before)?.[1]) || gluedToWord(/^\p{L}+/u.exec(after)?.[0]))
      continue;
    if (/[\p{L}\p{N}][-‐]$/u.test(before) || /^[-‐][\p{L}\p{N}]/u.test(after)) continue;
    const negative = /(?:^|[^\p{L}\p{N}])[-−]$/u.test(before);
    const pieces = match[0].split(' ');
    for (let from = 0, at = start; from < pieces.length; ) {
      let taken = 0;
      for (let to = Math.min(pieces.length, from + 6); to > from && taken === 0; to -= 1) {
        const written = pieces.slice(from, to).join(' ');
        const cents = numberReadings(written, negative && from === 0);
        if (cents.length > 0) {
          const stop = at + written.length;
          const money = looksLikeMoney(
            written,
            quote.slice(Math.max(0, at - 12), at),
            quote.slice(stop, stop + 12),
          );
          numbers.push({ written: negative && from === 0 ? `-${written}` : written, cents, money });
          taken = to - from;
        }
      }
      const step = Math.max(taken, 1);
      at += pieces.slice(from, from + step).join(' ').length + 1;
      from += step;
    }
  }
  return numbers;
}

/**
 * Why an amount's quotes do not settle it, if they do not: together they hold more than one
 * amount of money ("Gesamtbetrag 2.853,63 CAD (Angebot war 2.635,63 CAD)"), and which is the
 * value is for a person. Percentages, counts, dates and account numbers are not amounts here.
 */
export function severalAmounts(quotes: readonly string[]): string | null {
  const amounts = distinctAmounts(quotes.flatMap(readNumbers));
  if (amounts.length < 2) return null;
  const shown = amounts.slice(0, 4).map((amount) => formatAmount((amount.cents[0] ?? 0) / 100));
  const list = `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}${amounts.length > 4 ? '…' : ''}`;
  const holds = quotes.length === 1 ? 'The quote holds' : 'The quotes hold';
  return `${holds} several amounts (${list}): which one is meant is for a person.`;
}

/** An amount as the reasons write it: 1,234.50. */
export function formatAmount(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** An amount rounded to cents without the binary drift of `x * 100` (1.005 → 1.01). */
export function roundToCents(value: number): number {
  const text = String(value);
  if (text.includes('e')) return Math.round(value * 100) / 100;
  return Number(`${Math.round(Number(`${text}e2`))}e-2`);
}

const AMOUNT_TEXT = /^(\D*?)\s*([-−])?\s*(\d(?:[\d.,'’ ]*\d)?)\s*(\D*)$/u;

/** An amount from a number, or from text in one of the formats above with its currency. */
export function parseAmount(raw: unknown): TParsedValue {
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string') {
    const [, prefix = '', sign, written = '', suffix = ''] = AMOUNT_TEXT.exec(raw.trim()) ?? [];
    const cents = new Set(numberReadings(written.replace(/ +/g, ' ')));
    if (!written || !isCurrencyToken(prefix.trim()) || !isCurrencyToken(suffix.trim())) {
      return { ok: false, message: `Not an amount: ${raw.slice(0, 40)}.` };
    }
    if (cents.size !== 1) {
      return {
        ok: false,
        message:
          cents.size === 0
            ? `Not an amount: ${raw.slice(0, 40)}.`
            : `${written} can be read two ways: write it as 1234.56.`,
      };
    }
    value = ((sign ? -1 : 1) * ([...cents][0] ?? 0)) / 100;
  } else return { ok: false, message: 'An amount is a number.' };
  if (!Number.isFinite(value)) return { ok: false, message: 'Not an amount: it is not finite.' };
  const rounded = roundToCents(value);
  if (rounded < 0) return { ok: false, message: 'An amount cannot be negative.' };
  if (rounded >= AMOUNT_LIMIT) return { ok: false, message: 'The amount is too large.' };
  return { ok: true, value: rounded === 0 ? 0 : rounded };
}
