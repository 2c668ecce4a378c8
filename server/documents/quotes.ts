/**
 * Finding a model's quote in a document. Both sides are normalised the same way before they are
 * compared: Unicode NFC, every run of whitespace (spaces, tabs, line breaks, NBSP and the other
 * Unicode spaces) as one space, and the characters nobody sees (zero-width spaces and joiners,
 * the word joiner, U+FEFF, soft hyphens, bidi marks) left out, so "INV-1023<U+200B>7" is read
 * as the INV-10237 a person sees, never as INV-1023 and a 7. Nothing else is forgiven: a
 * typographic quote or dash for a straight one, a missing letter, is a different text. The
 * normalised text keeps, for each of its characters, where it came from in the raw text, so a
 * quote found in the normalised text is reported with offsets into the raw one (what the document
 * view highlights). A found quote is read as the document has it, widened to the whole of a word
 * or number it cuts (`quoteInDocument`). Then, within it: where a value occurs in it as a whole
 * (words, a token, an address, a host), by `indexOf` and a look at the characters around, never
 * by a pattern built from the value.
 */
import { MAX_QUOTE_LENGTH, MAX_QUOTES, type TEvidence } from '../tools/model/fields.ts';

/** A text after normalisation, with each character's [start, end) in the raw text. */
export interface NormalisedText {
  text: string;
  starts: number[];
  ends: number[];
}

/** A quote after the search: where it really is (`found`), or where the model said it was. */
export type TLocatedQuote = TEvidence & { found: boolean };

function isSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/**
 * Characters that show nothing: zero-width space, non-joiner and joiner, the word joiner and the
 * invisible operators, U+FEFF, the soft hyphen, and the bidi marks, embeddings and isolates.
 */
function isInvisible(code: number): boolean {
  if (code < 0xad) return false;
  return (
    code === 0xad ||
    code === 0x61c ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2064) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

const COMBINING_MARK = /^\p{M}/u;

/** 2 for a surrogate pair, else 1 (a lone surrogate is one character of its own). */
function codePointLength(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const next = text.charCodeAt(index + 1);
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

/**
 * The text normalised (NFC, whitespace runs as one space, invisible characters left out) with its
 * map back to the raw text. A character with its combining marks is normalised as one piece, so
 * the map stays exact; an invisible character inside a run of whitespace is part of the run.
 */
export function normaliseText(raw: string): NormalisedText {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const code = raw.charCodeAt(i);
    if (isInvisible(code)) {
      i += 1;
      continue;
    }
    if (isSpace(code)) {
      const start = i;
      while (i < raw.length && (isSpace(raw.charCodeAt(i)) || isInvisible(raw.charCodeAt(i)))) {
        i += 1;
      }
      parts.push(' ');
      starts.push(start);
      ends.push(i);
      continue;
    }
    const start = i;
    i += codePointLength(raw, i);
    while (
      i < raw.length &&
      raw.charCodeAt(i) >= 0x300 &&
      COMBINING_MARK.test(raw.slice(i, i + 2))
    ) {
      i += codePointLength(raw, i);
    }
    if (i - start === 1 && code < 0x80) {
      parts.push(raw[start] ?? '');
      starts.push(start);
      ends.push(i);
      continue;
    }
    const piece = raw.slice(start, i).normalize('NFC');
    for (let k = 0; k < piece.length; k += 1) {
      parts.push(piece[k] ?? '');
      starts.push(start);
      ends.push(i);
    }
  }
  return { text: parts.join(''), starts, ends };
}

/** A quote as it is compared: normalised and trimmed. */
export function normaliseQuote(quote: string): string {
  return normaliseText(quote).text.trim();
}

function safeOffset(offset: number, length: number): number {
  if (!Number.isFinite(offset)) return 0;
  return Math.min(Math.max(Math.trunc(offset), 0), length);
}

/** The first index of the normalised text whose raw start is at or after `rawOffset`. */
function normalisedIndexOf(document: NormalisedText, rawOffset: number): number {
  let low = 0;
  let high = document.starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((document.starts[middle] ?? 0) < rawOffset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The start of the occurrence of `quote` in `text` nearest to `target` (the earlier on a tie), or
 * -1. The first occurrence comes from `indexOf`; when there are more before the target, one
 * linear pass (Knuth-Morris-Pratt) walks them, so a document that repeats a long quote thousands
 * of times costs no more than one that holds it once.
 */
function nearestOccurrence(text: string, quote: string, target: number): number {
  const first = text.indexOf(quote);
  if (first === -1 || first >= target) return first;
  const failure = new Int32Array(quote.length);
  for (let i = 1, k = 0; i < quote.length; i += 1) {
    while (k > 0 && quote.charCodeAt(i) !== quote.charCodeAt(k)) k = failure[k - 1] ?? 0;
    if (quote.charCodeAt(i) === quote.charCodeAt(k)) k += 1;
    failure[i] = k;
  }
  let best = first;
  for (let i = first + 1, k = 0; i < text.length; i += 1) {
    while (k > 0 && text.charCodeAt(i) !== quote.charCodeAt(k)) k = failure[k - 1] ?? 0;
    if (text.charCodeAt(i) === quote.charCodeAt(k)) k += 1;
    if (k === quote.length) {
      const start = i - k + 1;
      if (start >= target) return target - best <= start - target ? best : start;
      best = start;
      k = failure[k - 1] ?? 0;
    }
  }
  return best;
}

/**
 * Where the quote is in the document: at the offsets the model gave if it is there, else the
 * occurrence nearest to the given start (the earlier one on a tie). The search runs on the
 * normalised text with `indexOf` and a linear scan, never with a pattern built from the quote.
 * Not found: an empty quote, one longer than MAX_QUOTE_LENGTH, or one the document does not
 * contain; its offsets are then the model's, clamped into the text.
 */
export function locateQuote(
  document: NormalisedText,
  rawLength: number,
  evidence: { quote: string; start: number; end: number },
): TLocatedQuote {
  const given = safeOffset(evidence.start, rawLength);
  const quoteText = typeof evidence.quote === 'string' ? evidence.quote : '';
  const notFound: TLocatedQuote = {
    quote: quoteText.slice(0, MAX_QUOTE_LENGTH),
    start: given,
    end: Math.max(safeOffset(evidence.end, rawLength), given),
    found: false,
  };
  if (quoteText.length === 0 || quoteText.length > MAX_QUOTE_LENGTH) return notFound;
  const quote = normaliseQuote(quoteText);
  if (quote.length === 0) return notFound;
  const at = (index: number): TLocatedQuote => ({
    quote: quoteText,
    start: document.starts[index] ?? 0,
    end: document.ends[index + quote.length - 1] ?? rawLength,
    found: true,
  });
  const givenIndex = normalisedIndexOf(document, given);
  if (document.text.startsWith(quote, givenIndex)) return at(givenIndex);
  const best = nearestOccurrence(document.text, quote, givenIndex);
  return best === -1 ? notFound : at(best);
}

/**
 * Every quote of a field located, at most MAX_QUOTES of them (later ones are dropped unread, so a
 * hostile answer with thousands of quotes costs no more than an honest one).
 */
export function locateQuotes(
  document: NormalisedText,
  rawLength: number,
  evidence: readonly { quote: string; start: number; end: number }[],
): TLocatedQuote[] {
  return evidence
    .slice(0, MAX_QUOTES)
    .map((item) => locateQuote(document, rawLength, item))
    .filter((item) => item.quote.length > 0);
}

/** How far a quote is widened, at most, on each side to the whole of the words it cuts. */
const MAX_WIDENING = 100;
/** Characters that join a word or number across them when letters or digits stand either side. */
const JOINERS = ".,'’-_/";

/** Whether a word or number runs across the boundary just before `at` in `text`. */
function runsAcross(text: string, at: number): boolean {
  if (isAlphanumericAt(text, at - 1) && isAlphanumericAt(text, at)) return true;
  const before = text[at - 1] ?? ' ';
  const after = text[at] ?? ' ';
  return (
    (JOINERS.includes(after) && isAlphanumericAt(text, at - 1) && isAlphanumericAt(text, at + 1)) ||
    (JOINERS.includes(before) && isAlphanumericAt(text, at) && isAlphanumericAt(text, at - 2))
  );
}

/**
 * A found quote as the document has it, widened to the whole of any word or number it cuts at
 * either end: "Lindenallee 11" of "Lindenallee 115", "Anna Schmitt" of "Johanna Schmitt", "Nr.
 * INV-1023" of "Nr. INV-10237" are read as what the document says. `quote` is the normalised
 * quote; `rawStart` is where it was found (a quote not there is returned as it is).
 */
export function quoteInDocument(document: NormalisedText, rawStart: number, quote: string): string {
  let start = normalisedIndexOf(document, rawStart);
  let end = start + quote.length;
  const text = document.text;
  if (quote.length === 0 || !text.startsWith(quote, start)) return quote;
  const [first, last] = [start - MAX_WIDENING, end + MAX_WIDENING];
  while (start > Math.max(first, 0) && runsAcross(text, start)) start -= 1;
  while (end < Math.min(last, text.length) && runsAcross(text, end)) end += 1;
  return text.slice(start, end);
}

/**
 * Whether `needle` occurs in `haystack` at a place `accepts` agrees to (given the occurrence's
 * [start, end)): how "as a whole token" is checked without building a pattern from the needle.
 */
export function occursWhere(
  haystack: string,
  needle: string,
  accepts: (start: number, end: number) => boolean,
): boolean {
  if (needle.length === 0) return false;
  for (let index = haystack.indexOf(needle); index !== -1; ) {
    if (accepts(index, index + needle.length)) return true;
    index = haystack.indexOf(needle, index + 1);
  }
  return false;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Whether the character at `index` is a letter or a digit (false outside the string). */
function isAlphanumericAt(text: string, index: number): boolean {
  const char = text[index];
  return char !== undefined && LETTER_OR_DIGIT.test(char);
}

/** `needle` as a whole token of `haystack`: no letter or digit right before or after it. */
export function occursAsToken(haystack: string, needle: string): boolean {
  return occursWhere(
    haystack,
    needle,
    (start, end) => !isAlphanumericAt(haystack, start - 1) && !isAlphanumericAt(haystack, end),
  );
}

const WORD_CHARACTER = /^[\p{L}\p{M}\p{N}]/u;

/** Whether the character (code point) that starts at `index` is a letter, mark or digit. */
function isWordAt(text: string, index: number): boolean {
  return index >= 0 && index < text.length && WORD_CHARACTER.test(text.slice(index, index + 2));
}

/** Whether the character (code point) that ends just before `index` is a letter, mark or digit. */
function isWordBefore(text: string, index: number): boolean {
  const low = text.charCodeAt(index - 1);
  const high = text.charCodeAt(index - 2);
  const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return isWordAt(text, index - (pair ? 2 : 1));
}

/**
 * `value` as whole words of `quote`, case-insensitive: where the value begins or ends with a
 * letter or digit, the quote has none right before or after it ("Lindenallee 11" is not in
 * "Lindenallee 115", nor "Anna" in "Johanna", nor "null" in "annulliert"). Both are compared as
 * given: normalise them first.
 */
export function occursAsWords(quote: string, value: string): boolean {
  const haystack = quote.toLowerCase();
  const needle = value.toLowerCase();
  return occursWhere(
    haystack,
    needle,
    (start, end) =>
      !(isWordAt(needle, 0) && isWordBefore(haystack, start)) &&
      !(isWordBefore(needle, needle.length) && isWordAt(haystack, end)),
  );
}

/** Whether the character at `index` continues a token: a letter or digit, or a joiner before one. */
function continuesToken(text: string, index: number, step: 1 | -1): boolean {
  if (isAlphanumericAt(text, index)) return true;
  return '-_/'.includes(text[index] ?? ' ') && isAlphanumericAt(text, index + step);
}

/** `value` as a whole token of `quote`, case-insensitive, whitespace ignored on both sides. */
export function occursAsIdentifier(quote: string, value: string): boolean {
  let compact = '';
  const positions: number[] = [];
  for (let index = 0; index < quote.length; index += 1) {
    const char = quote[index] ?? '';
    if (/\s/.test(char)) continue;
    const lower = char.toLowerCase();
    compact += lower.length === 1 ? lower : char;
    positions.push(index);
  }
  const needle = [...value.replace(/\s+/g, '')]
    .map((char) => (char.toLowerCase().length === 1 ? char.toLowerCase() : char))
    .join('');
  return occursWhere(compact, needle, (start, end) => {
    const first = positions[start] ?? 0;
    const last = positions[end - 1] ?? 0;
    return !continuesToken(quote, first - 1, -1) && !continuesToken(quote, last + 1, 1);
  });
}

/** The postcode as written with or without one space anywhere ("1015CS", "1015 CS", "SW1A 1AA"). */
export function occursAsPostcode(quote: string, postcode: string): boolean {
  const upper = quote.toUpperCase();
  const compact = postcode.replace(/ /g, '');
  const variants = new Set([postcode, compact]);
  for (let at = 1; at < compact.length; at += 1) {
    variants.add(`${compact.slice(0, at)} ${compact.slice(at)}`);
  }
  return [...variants].some((variant) => occursAsToken(upper, variant));
}

const EMAIL_LOCAL = /[\p{L}\p{N}._%+-]/u;
const HOST = /(?<![\p{L}\p{N}-])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/** The address as a whole: not the tail of "jimbob@acme.io", nor the head of "bob@acme.io.evil". */
export function occursAsEmail(quote: string, email: string): boolean {
  const lower = quote.toLowerCase();
  return occursWhere(lower, email, (start, end) => {
    const after = lower[end] ?? ' ';
    return (
      !EMAIL_LOCAL.test(lower[start - 1] ?? ' ') &&
      !/[\p{L}\p{N}-]/u.test(after) &&
      !(after === '.' && isAlphanumericAt(lower, end + 1))
    );
  });
}

/** The hosts a quote names (of URLs, e-mail addresses, bare domains), lower case, without "www.". */
export function hostsIn(quote: string): string[] {
  return [...quote.toLowerCase().matchAll(HOST)].map(([host]) => host.replace(/^www\./, ''));
}
