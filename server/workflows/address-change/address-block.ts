/**
 * Where the new address stands in a customer's message: the parts of one address come from one
 * block, street first, its town and postal code just below (or after it on the same line), its
 * country alone on a line or beside the town, no line of the block left unread, and nothing from
 * a quoted older message or a line about the old address. Each problem is said in words.
 */
import type { DocumentEvidence } from '../../documents/evidence.ts';

/** Letters around a word: a Unicode-aware word boundary. */
export const word = (alternatives: string) =>
  new RegExp(`(?<![\\p{L}])(?:${alternatives})(?![\\p{L}])`, 'iu');

/** The parts of an address a message gives in one passage: street to region, a few lines. */
const ADDRESS_LINES = 5;
export const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'postalCode', 'region'];
/** How far below the street its town and postal code may stand (street, unit, town, postcode). */
const STREET_TO_TOWN = 3;
/** How far below the address block its country may stand ("Deutschland" under the city). */
const COUNTRY_LINES = 2;

/** What a message says about the address that no longer holds. */
const OLD_ADDRESS = word(
  'old address|previous address|former address|previously|formerly|no longer|alte adresse|alte anschrift|alten adresse|bisherige\\p{L}*|bisher|vorher|früher|nicht mehr|ancienne adresse|anciennement|auparavant|plus valable|oude adres|voorheen|niet meer|dirección anterior|antigua dirección|antes|ya no|vecchio indirizzo|precedente',
);
/** What a message says before the new address, which settles an old-address word before it. */
const NEW_ADDRESS = word(
  'new address|new|now|instead|sondern|stattdessen|neue\\p{L}*|neu|jetzt|ab sofort|nouvelle adresse|nouvelle|désormais|nieuwe adres|nieuw|nu|nueva dirección|nueva|ahora|nuovo indirizzo|nuovo',
);

/** The first found quote of a field: its offsets in the text. */
function firstQuote(document: DocumentEvidence, field: string) {
  const found = document.fields
    .find((candidate) => candidate.field === field && candidate.value !== null)
    ?.evidence.filter((quote) => quote.found);
  return found && found.length > 0 ? found.reduce((a, b) => (a.start <= b.start ? a : b)) : null;
}

/** The text of the line around `offset`, up to `offset` (what the line says before it). */
function lineBefore(text: string, offset: number): string {
  return text.slice(text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1, offset);
}

/** Whether the line before a quote speaks of the old address, not taken back by a "new". */
function saysOld(text: string, offset: number): boolean {
  const before = lineBefore(text, offset);
  let lastOld = -1;
  let lastNew = -1;
  for (const match of before.matchAll(new RegExp(OLD_ADDRESS.source, 'giu'))) lastOld = match.index;
  for (const match of before.matchAll(new RegExp(NEW_ADDRESS.source, 'giu'))) lastNew = match.index;
  return lastOld !== -1 && lastOld > lastNew;
}

/** Postal codes shaped like `value` (digits as digits, letters as letters) on `line`. */
function postcodesLike(value: string, line: string): string[] {
  const shape = value
    .trim()
    .replace(/[A-Za-z]/g, '[A-Za-z]')
    .replace(/\d/g, '\\d')
    .replace(/\s+/g, '\\s?');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${shape}(?![\\p{L}\\p{N}])`, 'gu');
  return [...new Set([...line.matchAll(pattern)].map((match) => match[0].replace(/\s+/g, ' ')))];
}

/** Everything that puts the new address read from `document` in doubt, in words. */
export function addressBlockProblems(
  document: DocumentEvidence,
  together: (fields: readonly string[], lines: number) => boolean,
): string[] {
  const { text, lines } = document;
  const problems: string[] = [];
  if (!together(ADDRESS_FIELDS, ADDRESS_LINES)) {
    problems.push('its parts were read from places far apart (a signature, a quoted older mail?)');
  }
  const street = firstQuote(document, 'line1');
  for (const field of ['postalCode', 'city']) {
    const quote = firstQuote(document, field);
    const span = lines[field];
    const name = field === 'city' ? 'city' : 'postal code';
    if (street && quote && quote.start < street.start) {
      problems.push(`the ${name} was read before the street`);
    } else if (lines.line1 && span && span.first > lines.line1.last + STREET_TO_TOWN) {
      problems.push(`the ${name} was read ${span.first - lines.line1.last} lines below the street`);
    }
  }
  const postcode = firstQuote(document, 'postalCode');
  const value = document.values.postalCode;
  if (postcode && typeof value === 'string') {
    const line = document.quoteLines.postalCode?.[0] ?? '';
    const codes = postcodesLike(value, line);
    if (codes.length > 1)
      problems.push(`its line holds ${codes.length} postal codes (${codes.join(', ')})`);
  }
  const country = lines.country;
  const block = ADDRESS_FIELDS.map((field) => lines[field]).filter(
    (span) => span !== null && span !== undefined,
  );
  if (country && block.length > 0) {
    const first = Math.min(...block.map((span) => span.first));
    const last = Math.max(...block.map((span) => span.last));
    const countryLine = (document.quoteLines.country?.[0] ?? '').trim();
    const countryQuote = firstQuote(document, 'country');
    const alone =
      countryQuote !== null && countryLine.replace(/[.,;:]+$/, '') === countryQuote.quote.trim();
    const beside = country.first >= first && country.first <= last;
    if (country.first < first || country.first > last + COUNTRY_LINES || !(alone || beside)) {
      problems.push(
        'the country was not read from the address itself (a signature, a phone line?)',
      );
    }
  }
  // A line between the street and the town that nobody read is a part of the address left out.
  if (lines.line1 && lines.postalCode && lines.city) {
    const covered = new Set(
      Object.values(lines).flatMap((span) =>
        span
          ? Array.from({ length: span.last - span.first + 1 }, (_, index) => span.first + index)
          : [],
      ),
    );
    const all = text.split('\n');
    const townLine = Math.min(lines.postalCode.first, lines.city.first);
    for (let index = lines.line1.last + 1; index < townLine; index += 1) {
      if (!covered.has(index) && (all[index] ?? '').trim() !== '') {
        problems.push(
          `the line "${(all[index] ?? '').trim().slice(0, 60)}" of the address was not read`,
        );
      }
    }
  }
  const old = [...ADDRESS_FIELDS, 'country'].filter((field) => {
    const quote = firstQuote(document, field);
    return quote !== null && saysOld(text, quote.start);
  });
  if (old.length > 0) problems.push(`${old.join(', ')} come from a line about the old address`);
  const quoted = [...ADDRESS_FIELDS, 'country'].filter((field) =>
    (document.quoteLines[field] ?? []).some((line) => line.trimStart().startsWith('>')),
  );
  if (quoted.length > 0) {
    problems.push(`${quoted.join(', ')} come from a quoted earlier message ("> …")`);
  }
  return problems;
}
