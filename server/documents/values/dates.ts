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

/** A date written in a quote and the ISO dates it can mean. */
export interface WrittenDate {
  written: string;
  isos: string[];
}

function numericReadings(first: string, separator: string, middle: string, last: string): string[] {
  const [a, b, c] = [Number(first), Number(middle), Number(last)];
  if (first.length === 4)
    return last.length <= 2 ? [isoDate(a, b, c)].filter((d) => d !== null) : [];
  if (first.length > 2 || last.length === 3) return [];
  const year = last.length === 2 ? 2000 + c : c;
  // Dotted dates are day first; with slashes or dashes the day may come first or second.
  const readings = [isoDate(year, b, a), separator === '.' ? null : isoDate(year, a, b)];
  return [...new Set(readings.filter((d): d is string => d !== null))];
}

/**
 * The dates a quote writes. "05/03/2026" means 5 March or 3 May: both readings are kept, and a
 * value equal to either is what the quote says. Two-digit years are 20xx.
 */
export function readDates(quote: string): WrittenDate[] {
  const dates: WrittenDate[] = [];
  const add = (written: string, isos: (string | null)[]) => {
    const valid = isos.filter((iso): iso is string => iso !== null);
    if (valid.length > 0) dates.push({ written, isos: valid });
  };
  for (const [written, first = '', separator = '', middle = '', last = ''] of quote.matchAll(
    NUMERIC_DATE,
  )) {
    add(written, numericReadings(first, separator, middle, last));
  }
  for (const [written, day = '', month = '', year = ''] of quote.matchAll(DAY_MONTH_YEAR)) {
    add(written.trim(), [isoDate(Number(year), MONTHS.get(fold(month)) ?? 0, Number(day))]);
  }
  for (const [written, month = '', day = '', year = ''] of quote.matchAll(MONTH_DAY_YEAR)) {
    add(written.trim(), [isoDate(Number(year), MONTHS.get(fold(month)) ?? 0, Number(day))]);
  }
  return dates;
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
