import { describe, expect, it } from 'vitest';
import { MAX_QUOTES } from '../tools/model/fields.ts';
import {
  locateQuote,
  locateQuotes,
  normaliseQuote,
  normaliseText,
  occursAsToken,
  occursAsWords,
  quoteInDocument,
} from './quotes.ts';

function locate(text: string, quote: string, start = 0, end = start + quote.length) {
  return locateQuote(normaliseText(text), text.length, { quote, start, end });
}

describe('normaliseText', () => {
  it('collapses whitespace runs (NBSP, tabs, line breaks) and keeps where each character came from', () => {
    const raw = 'Total:\u00a0\t\r\n 12';
    const normalised = normaliseText(raw);
    expect(normalised.text).toBe('Total: 12');
    expect(normalised.starts[6]).toBe(6);
    expect(normalised.ends[6]).toBe(11);
    expect(normalised.starts[7]).toBe(11);
  });

  it('composes a letter and its combining mark (NFC), mapped to both raw characters', () => {
    const normalised = normaliseText('Mu\u0308ller');
    expect(normalised.text).toBe('Müller');
    expect([normalised.starts[1], normalised.ends[1]]).toEqual([1, 3]);
  });

  it.each([
    ['a zero-width space', '\u200b'],
    ['a zero-width non-joiner', '\u200c'],
    ['a zero-width joiner', '\u200d'],
    ['a word joiner', '\u2060'],
    ['U+FEFF', '\ufeff'],
    ['a soft hyphen', '\u00ad'],
    ['a left-to-right mark', '\u200e'],
    ['a right-to-left mark', '\u200f'],
    ['a bidi embedding', '\u202a'],
    ['a bidi override', '\u202e'],
    ['a bidi isolate', '\u2066'],
    ['a pop directional isolate', '\u2069'],
  ])('leaves out %s, and keeps where each other character came from', (_what, invisible) => {
    const normalised = normaliseText(`INV-1023${invisible}7 ${invisible}x`);
    expect(normalised.text).toBe('INV-10237 x');
    expect([normalised.starts[8], normalised.ends[8]]).toEqual([9, 10]);
    expect([normalised.starts[9], normalised.ends[9]]).toEqual([10, 12]);
    expect(normaliseQuote(`${invisible}INV-1023${invisible}7${invisible}`)).toBe('INV-10237');
  });

  it('trims a quote', () => {
    expect(normaliseQuote('  Total:\n 12 ')).toBe('Total: 12');
  });
});

describe('locateQuote', () => {
  const text =
    'Invoice INV-2041\nDate: 5 March 2026\nTotal:\u00a0\u00a01,234.50 EUR\nTotal: 1,234.50 EUR';

  it('finds a quote at the offsets the model gave', () => {
    const start = text.indexOf('Date');
    expect(locate(text, 'Date: 5 March 2026', start)).toEqual({
      quote: 'Date: 5 March 2026',
      start,
      end: start + 18,
      found: true,
    });
  });

  it('finds a quote whose offsets point elsewhere, and reports where it really is', () => {
    const start = text.indexOf('INV-2041');
    expect(locate(text, 'INV-2041', 30, 38)).toMatchObject({ found: true, start, end: start + 8 });
  });

  it('finds a quote split across a line break, with raw offsets that span the break', () => {
    const located = locate(text, 'INV-2041 Date:', 0);
    expect(located.found).toBe(true);
    expect(text.slice(located.start, located.end)).toBe('INV-2041\nDate:');
  });

  it('finds a quote across NBSPs and maps it back to the raw text', () => {
    const located = locate(text, 'Total: 1,234.50', 40);
    expect(text.slice(located.start, located.end)).toBe('Total:\u00a0\u00a01,234.50');
  });

  it('prefers the occurrence nearest the given start', () => {
    const second = text.lastIndexOf('Total: 1,234.50');
    expect(locate(text, 'Total: 1,234.50', second - 2).start).toBe(second);
    expect(locate(text, 'Total: 1,234.50', 0).start).toBe(text.indexOf('Total'));
  });

  it('walks many occurrences to the nearest, and takes the earlier of two equally near', () => {
    const repeated = 'abcd'.repeat(1_000);
    expect(locate(repeated, 'abcdabcd', 1_503).start).toBe(1_504);
    expect(locate(repeated, 'abcdabcd', 1_502).start).toBe(1_500);
    expect(locate('aaaaa', 'aaa', 1).start).toBe(1);
    expect(locate('xx ab xx ab', 'ab', 6).start).toBe(3);
  });

  it('matches composed and decomposed accents alike', () => {
    const located = locate('Herr Mu\u0308ller, Köln', 'Herr Müller', 0);
    expect(located).toMatchObject({ found: true, start: 0, end: 12 });
  });

  it.each([
    ['a quote that is not in the document', 'Total: 9,999.00'],
    ['a quote with one character changed', 'Invoice INV-2042'],
    ['a typographic dash is not forgiven', 'INV\u20132041'],
    ['regular-expression metacharacters', '(.*)+$[INV'],
    ['an empty quote', ''],
    ['a quote of whitespace', ' \n\t '],
    ['a quote longer than 500 characters', 'x'.repeat(501)],
    ['a quote of 10k characters', 'Invoice '.repeat(1250)],
    ['a lone surrogate', 'INV\ud800-2041'],
  ])('does not find %s', (_what, quote) => {
    expect(locate(text, quote).found).toBe(false);
  });

  it.each([
    ['negative', -5, -1],
    ['past the end', 1e9, 1e9 + 5],
    ['not integers', 3.7, Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
  ])('survives offsets that are %s, and reports offsets inside the text', (_what, start, end) => {
    const missing = locate(text, 'not there', start, end);
    expect(missing.found).toBe(false);
    expect(missing.start).toBeGreaterThanOrEqual(0);
    expect(missing.end).toBeLessThanOrEqual(text.length);
    expect(missing.end).toBeGreaterThanOrEqual(missing.start);
    expect(locate(text, 'INV-2041', start, end)).toMatchObject({ found: true, start: 8 });
  });

  it('finds a quote in text with lone surrogates and RTL marks around it', () => {
    const hostile = '\ud800\u200f Invoice INV-2041 \udc00';
    expect(locate(hostile, 'Invoice INV-2041', 0)).toMatchObject({ found: true, start: 3 });
  });

  it('finds a quote across invisible characters, on either side, with raw offsets', () => {
    const hidden = 'Rechnung Nr. INV-1023\u200b7\nSumme 5,00';
    expect(locate(hidden, 'Nr. INV-10237')).toMatchObject({ found: true, start: 9, end: 23 });
    expect(locate(hidden, 'Nr. INV-1023\u200b7')).toMatchObject({ found: true, start: 9 });
    expect(locate(text, 'In\u00advoice INV\u200f-2041')).toMatchObject({ found: true, start: 0 });
  });
});

describe('quoteInDocument', () => {
  const text =
    'Neue Anschrift: Lindenallee 115, 10115 Berlin\nNr. INV-1023\u200b7 über 12.635,63 EUR';
  const document = normaliseText(text);
  const whole = (quote: string) => {
    const located = locateQuote(document, text.length, { quote, start: 0, end: 0 });
    return quoteInDocument(document, located.start, normaliseQuote(quote));
  };

  it.each([
    ['a house number cut short', 'Lindenallee 11', 'Lindenallee 115'],
    ['a word cut at its start', 'ndenallee 115', 'Lindenallee 115'],
    ['a number hidden by a zero-width space', 'Nr. INV-1023', 'Nr. INV-10237'],
    ['an amount cut at its start', '2.635,63 EUR', '12.635,63 EUR'],
    ['an amount cut at its decimals', 'über 12.635', 'über 12.635,63'],
  ])('reads %s whole: "%s" is "%s"', (_what, quote, expected) => {
    expect(whole(quote)).toBe(expected);
  });

  it.each([
    'Lindenallee 115',
    'Lindenallee 115, 10115 Berlin',
    'Nr. INV-1023\u200b7',
    '12.635,63 EUR',
  ])('leaves a quote of whole words as it is: %s', (quote) => {
    expect(whole(quote)).toBe(normaliseQuote(quote));
  });

  it('returns a quote that is not at the given place as it is', () => {
    expect(quoteInDocument(document, 0, 'Lindenallee 11')).toBe('Lindenallee 11');
  });
});

describe('occursAsWords', () => {
  it.each([
    ['Lindenallee 115', 'Lindenallee 11', false],
    ['Lindenallee 115', 'Lindenallee 115', true],
    ['Der Nachsendeauftrag ist annulliert.', 'null', false],
    ['Zusatz: null', 'null', true],
    ['Johanna Schmitt', 'Anna', false],
    ['Anna Schmitt', 'anna', true],
    ['Anna-Lena Schmitt', 'Anna', true],
    ['Assistant to the CEO', 'CEO', true],
    ['ACME Supplies GmbH', 'acme supplies', true],
    ['Müllerstraße 5', 'Müller', false],
    ['c/o Müller, 3. OG', 'c/o Müller', true],
    ['Hauptstr. 5', 'Hauptstr.', true],
    ['Hauptstr.5', 'Hauptstr.', true],
  ])('%s has %s as whole words: %s', (quote, value, expected) => {
    expect(occursAsWords(quote, value)).toBe(expected);
  });
});

describe('locateQuotes', () => {
  it('looks at most at MAX_QUOTES quotes: 10k quotes cost no more than five', () => {
    const text = 'Invoice INV-2041';
    const quotes = Array.from({ length: 10_000 }, (_, index) => ({
      quote: index === 9_999 ? 'INV-2041' : `missing ${index}`,
      start: 0,
      end: 5,
    }));
    const located = locateQuotes(normaliseText(text), text.length, quotes);
    expect(located).toHaveLength(MAX_QUOTES);
    expect(located.every((quote) => !quote.found)).toBe(true);
  });

  it('drops empty quotes and shortens overlong ones to the longest a quote may be', () => {
    const located = locateQuotes(normaliseText('abc'), 3, [
      { quote: '', start: 0, end: 0 },
      { quote: 'y'.repeat(10_000), start: 0, end: 3 },
    ]);
    expect(located).toEqual([{ quote: 'y'.repeat(500), start: 0, end: 3, found: false }]);
  });
});

describe('occursAsToken', () => {
  it.each([
    ['PLZ 12345', '1234', false],
    ['PLZ 1234 Wien', '1234', true],
    ['D-10115 Berlin', '10115', true],
    ['ab1234', '1234', false],
    ['1234', '1234', true],
  ])('%s has %s as a whole token: %s', (haystack, needle, expected) => {
    expect(occursAsToken(haystack, needle)).toBe(expected);
  });
});
