/**
 * Dates: the dates a quote writes and the ISO dates each can mean (`readDates`), and a date from
 * a model's answer or a person's correction as YYYY-MM-DD (`parseDate`). Dates are written as
 * 2026-03-05 · 05.03.2026 · 05/03/2026 · 5 March 2026 · March 5, 2026 · 5. März 2026 …
 */
import { fold, type TParsedValue } from './text.ts';

/** Month names and abbreviations in English, German, French, Spanish, Dutch, Italian (folded). */
const MONTH_NAMES = [
  'january jan januar janner janv janvier enero ene januari gennaio gen',
  'february feb februar fevrier fevr fev febrero februari febbraio',
  'march mar marz maerz mars marzo maart mrt',
  'april apr avril avr abril abr aprile',
  'may mai mayo mei maggio mag',
  'june jun juni juin junio giugno giu',
  'july jul juli juillet juil julio luglio lug',
  'august aug aout agosto ago augustus',
  'september sep sept septembre septiembre setiembre settembre set',
  'october oct oktober okt octobre octubre ottobre ott',
  'november nov novembre noviembre',
  'december dec dezember dez decembre diciembre dic dicembre',
];
const MONTHS = new Map(
  MONTH_NAMES.flatMap((names, index) => names.split(' ').map((name) => [name, index + 1] as const)),
);

const DAY_MONTH_YEAR =
  /(?<![\p{L}\p{N}])(\d{1,2})(?:\.|st|nd|rd|th|er)?[\s\-/]*(?:(?:de|of)\s+)?(\p{L}+)\.?[\s\-/,]*(?:de\s+)?(\d{4})(?!\d)/giu;
const MONTH_DAY_YEAR = /(?<!\p{L})(\p{L}+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})(?!\d)/giu;
const NUMERIC_DATE = /(?<![\d./-])(\d{1,4})([./-])\s?(\d{1,2})\2\s?(\d{2,4})(?!\d|[./-]\d)/g;

/** The ISO date of a year, month and day, or null if there is no such day. */
function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A date in numbers whose day may come first or second: its separator, its reading each way. */
interface DayOrMonthFirst {
  separator: string;
  dayFirst: string | null;
  monthFirst: string | null;
}

/** A date written in a quote and the ISO dates it can mean. */
export interface WrittenDate {
  written: string;
  isos: string[];
  /** For 05/03/2026 or 05-03-26 (not dotted, not year first): how it reads either way. */
  order?: DayOrMonthFirst;
}

function numericReadings(
  first: string,
  separator: string,
  middle: string,
  last: string,
): { isos: (string | null)[]; order?: DayOrMonthFirst } {
  const [a, b, c] = [Number(first), Number(middle), Number(last)];
  if (first.length === 4) return { isos: last.length <= 2 ? [isoDate(a, b, c)] : [] };
  if (first.length > 2 || last.length === 3) return { isos: [] };
  const year = last.length === 2 ? 2000 + c : c;
  // Dotted dates are day first; with slashes or dashes the day may come first or second.
  if (separator === '.') return { isos: [isoDate(year, b, a)] };
  const order = { separator, dayFirst: isoDate(year, b, a), monthFirst: isoDate(year, a, b) };
  return { isos: [...new Set([order.dayFirst, order.monthFirst])], order };
}

/**
 * The dates a quote writes. "05/03/2026" means 5 March or 3 May: both readings are kept (with
 * `order`), and which was meant is settled by the document's other dates (`settleDate`) or by a
 * person (`ambiguity`). Two-digit years are 20xx.
 */
export function readDates(quote: string): WrittenDate[] {
  const dates: WrittenDate[] = [];
  const add = (written: string, isos: (string | null)[], order?: DayOrMonthFirst) => {
    const valid = isos.filter((iso): iso is string => iso !== null);
    if (valid.length > 0)
      dates.push(order ? { written, isos: valid, order } : { written, isos: valid });
  };
  for (const [written, first = '', separator = '', middle = '', last = ''] of quote.matchAll(
    NUMERIC_DATE,
  )) {
    const { isos, order } = numericReadings(first, separator, middle, last);
    add(written, isos, order);
  }
  for (const [written, day = '', month = '', year = ''] of quote.matchAll(DAY_MONTH_YEAR)) {
    add(written.trim(), [isoDate(Number(year), MONTHS.get(fold(month)) ?? 0, Number(day))]);
  }
  for (const [written, month = '', day = '', year = ''] of quote.matchAll(MONTH_DAY_YEAR)) {
    add(written.trim(), [isoDate(Number(year), MONTHS.get(fold(month)) ?? 0, Number(day))]);
  }
  return dates;
}

const ENGLISH_MONTHS = MONTH_NAMES.map((names) => {
  const name = names.split(' ')[0] ?? '';
  return name.charAt(0).toUpperCase() + name.slice(1);
});

/** An ISO date's day and month in words: 2027-03-02 → "2 March". */
function dayAndMonth(iso: string): string {
  const [, month = '0', day = '0'] = iso.split('-');
  return `${Number(day)} ${ENGLISH_MONTHS[Number(month) - 1] ?? month}`;
}

/** Whether the day or the month comes first in a document's dates, by their separator. */
export type DateOrders = ReadonlyMap<string, 'day' | 'month'>;

/**
 * Which comes first, the day or the month, in the dates a document writes in numbers, for each
 * separator: what its dates that can be read only one way say ("29/08/2026" is day first,
 * "08/29/2026" month first). A separator whose dates say both, or neither, is not settled.
 */
export function dateOrders(text: string): DateOrders {
  const seen = new Map<string, Set<'day' | 'month'>>();
  for (const { order } of readDates(text)) {
    if (!order || (order.dayFirst === null) === (order.monthFirst === null)) continue;
    const orders = seen.get(order.separator) ?? new Set();
    orders.add(order.dayFirst === null ? 'month' : 'day');
    seen.set(order.separator, orders);
  }
  return new Map(
    [...seen].flatMap(([separator, orders]) =>
      orders.size === 1 ? [[separator, [...orders][0] ?? 'day'] as const] : [],
    ),
  );
}

/** A written date as the document's other dates settle it: 04/09/2026 beside 29/08/2026 is day first. */
export function settleDate(date: WrittenDate, orders: DateOrders): WrittenDate {
  const first = date.order && orders.get(date.order.separator);
  if (!date.order || !first) return date;
  const iso = first === 'day' ? date.order.dayFirst : date.order.monthFirst;
  return { written: date.written, isos: iso === null ? [] : [iso] };
}

/**
 * Why a written date does not settle a value, if it does not: both of its readings are real days
 * and differ (02/03/2027, day first or month first), so whichever the value is, the quote does
 * not say which was meant. Null for a date written one way only (dotted, ISO, in words, 13/02),
 * or settled by the document (`settleDate`).
 */
export function ambiguity(date: WrittenDate): string | null {
  if (date.isos.length < 2) return null;
  const readings = date.isos.map(dayAndMonth).join(' or ');
  return `${date.written} reads as ${readings}: a person decides.`;
}

/** A date as YYYY-MM-DD, from an ISO date or time, or a date written only one way. */
export function parseDate(raw: string): TParsedValue {
  const text = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (iso) {
    const date = isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return date ? { ok: true, value: date } : { ok: false, message: `No such day: ${text}.` };
  }
  const [date, ...others] = readDates(text);
  if (!date || others.length > 0 || date.written !== text) {
    return { ok: false, message: `Not a date: ${text.slice(0, 40)} (write it as YYYY-MM-DD).` };
  }
  if (date.isos.length > 1) {
    return { ok: false, message: `${text} can be read two ways: write it as YYYY-MM-DD.` };
  }
  return { ok: true, value: date.isos[0] ?? '' };
}
