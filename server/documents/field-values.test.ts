import { describe, expect, it } from 'vitest';
import type { TFieldKind } from '../tools/model/fields.ts';
import {
  dateAmbiguity,
  dateOrders,
  ibanProblem,
  parseFieldValue,
  readCountries,
  readCurrencies,
  readDates,
  readNumbers,
  roundToCents,
  settleDate,
  severalAmounts,
} from './field-values.ts';

const cents = (quote: string) => readNumbers(quote).flatMap((number) => number.cents);

describe('numbers written in a quote', () => {
  it.each([
    ['1,234.56', [123456]],
    ['1.234,56', [123456]],
    ['1 234,56', [123456]],
    ["1'234.56", [123456]],
    ['1’234.56', [123456]],
    ['1234.56', [123456]],
    ['1234,56', [123456]],
    ['1234', [123400]],
    ['12.345,67', [1234567]],
    ['1,234,567.89', [123456789]],
    ['0,5', [50]],
    ['€1.234,56', [123456]],
    ['1.234,56€', [123456]],
    ['EUR1234.56', [123456]],
    ['1234.56EUR', [123456]],
    ['US$1,234.56', [123456]],
    ['Fr.1234.50', [123450]],
    ['100kr', [10000]],
  ])('reads %s', (quote, expected) => {
    expect(cents(quote)).toEqual(expected);
  });

  it('reads an ambiguous "1,234" or "1.234" both ways (1234 and 1.234)', () => {
    expect(cents('1,234')).toEqual([123400, 123]);
    expect(cents('1.234')).toEqual([123400, 123]);
  });

  it.each([
    ['a number glued to an identifier', 'INV-2041', []],
    ['an identifier with a number', 'Nr.204', []],
    ['an ordinal', 'the 5th', []],
    ['a phone number', '030-1234-5678', []],
    ['an ISO date', '2026-03-05', []],
    ['a dotted date', '05.03.2026', []],
    ['an IBAN', 'DE89370400440532013000', []],
  ])('does not read %s as an amount (%s)', (_what, quote, expected) => {
    expect(cents(quote)).toEqual(expected);
  });

  it('reads digit groups separated by spaces greedily: "1 234,56" is never 234.56', () => {
    expect(readNumbers('Pos 2 1 234,56')).toEqual([
      { written: '2', cents: [200], money: false },
      { written: '1 234,56', cents: [123456], money: true },
    ]);
  });

  it('reads a minus sign as part of the number', () => {
    expect(readNumbers('Gutschrift -1.234,56')).toEqual([
      { written: '-1.234,56', cents: [-123456], money: true },
    ]);
  });

  it.each([
    ['decimals', 'Gesamtbetrag: 1.234,50', ['1.234,50']],
    ['a code after it', 'Total: 1234 EUR', ['1234']],
    ['a code before it', 'Total due: EUR 1,234.56', ['1,234.56']],
    ['a symbol', 'Zahlbar: € 95', ['95']],
    ['not a percentage', 'Tax 19% included, 7,00 % reduced', []],
    ['not a count', '3 Stk, 12 pcs, 2,50 Std', []],
    ['not a plain number', 'Pos 2, Kunde 10115', []],
    ['not an account number', 'Konto 123456789012', []],
    ['not a date', 'vom 05.03.2026', []],
  ])('tells money by %s', (_what, quote, money) => {
    const written = readNumbers(quote).filter((number) => number.money);
    expect(written.map((number) => number.written)).toEqual(money);
  });

  it.each([
    ['Gesamtbetrag 2.853,63 CAD (Angebot war 2.635,63 CAD)', '2,853.63 and 2,635.63'],
    ['Gesamtbetrag: 1.234,50 EUR (korrigiert, vorher 1.252,50)', '1,234.50 and 1,252.50'],
    ['Summe 100,00 · Rabatt 10,00 · Zahlbetrag 90,00 EUR', '100.00, 10.00 and 90.00'],
  ])('finds several amounts in %s', (quote, amounts) => {
    expect(severalAmounts([quote])).toBe(
      `The quote holds several amounts (${amounts}): which one is meant is for a person.`,
    );
  });

  it.each([
    ['Total due: EUR 1,234.56'],
    ['Gesamtbetrag: 1.234,50 EUR'],
    ['Gesamtbetrag: 1.234,50 EUR inkl. 19% MwSt.'],
    ['Tax 19% included: total 1,234.56 USD'],
    ['3 Stk à 12,50 EUR'],
    ['Rechnung vom 05.03.2026 über 1.234,50 EUR, Konto 1234567890'],
    ['Total 1,234.50 USD (USD 1,234.50)'],
  ])('finds one amount in %s', (quote) => {
    expect(severalAmounts([quote])).toBeNull();
  });

  it('finds several amounts across quotes, and one amount quoted twice as one', () => {
    expect(severalAmounts(['Summe: 1.037,39', 'Gesamtbetrag: 1.234,50 EUR'])).toMatch(
      /^The quotes hold several amounts \(1,037.39 and 1,234.50\)/,
    );
    expect(severalAmounts(['Gesamtbetrag: 1.234,50 EUR', 'Zahlbar: € 1.234,50'])).toBeNull();
  });

  it('rounds to cents without binary drift', () => {
    expect(roundToCents(1.005)).toBe(1.01);
    expect(roundToCents(1234.565)).toBe(1234.57);
    expect(roundToCents(1e-7)).toBe(0);
  });
});

describe('dates written in a quote', () => {
  it.each([
    ['2026-03-05', ['2026-03-05']],
    ['05.03.2026', ['2026-03-05']],
    ['5.3.2026', ['2026-03-05']],
    ['5. 3. 2026', ['2026-03-05']],
    ['05.03.26', ['2026-03-05']],
    ['5 March 2026', ['2026-03-05']],
    ['5th March 2026', ['2026-03-05']],
    ['March 5, 2026', ['2026-03-05']],
    ['Mar 5 2026', ['2026-03-05']],
    ['5-Mar-2026', ['2026-03-05']],
    ['5. März 2026', ['2026-03-05']],
    ['5 Mär 2026', ['2026-03-05']],
    ['5 mars 2026', ['2026-03-05']],
    ['1er mars 2026', ['2026-03-01']],
    ['5 de marzo de 2026', ['2026-03-05']],
    ['5 maart 2026', ['2026-03-05']],
    ['5 marzo 2026', ['2026-03-05']],
    ['5 août 2026', ['2026-08-05']],
    ['13/05/2026', ['2026-05-13']],
  ])('reads %s', (quote, expected) => {
    expect(readDates(quote).flatMap((date) => date.isos)).toEqual(expected);
  });

  it('keeps both readings of 05/03/2026 (day first and month first)', () => {
    expect(readDates('05/03/2026')).toEqual([
      {
        written: '05/03/2026',
        isos: ['2026-03-05', '2026-05-03'],
        order: { separator: '/', dayFirst: '2026-03-05', monthFirst: '2026-05-03' },
      },
    ]);
  });

  it.each([
    ['02/03/2027', '02/03/2027 reads as 2 March or 3 February: a person decides.'],
    ['11-07-26', '11-07-26 reads as 11 July or 7 November: a person decides.'],
    ['02.03.2027', null],
    ['2027-03-02', null],
    ['2027/03/02', null],
    ['13/02/2027', null],
    ['05/05/2027', null],
    ['2 March 2027', null],
  ])('%s reads two ways: %s', (quote, reason) => {
    const [date] = readDates(quote);
    expect(date && dateAmbiguity(date)).toBe(reason);
  });

  it('settles the order by the dates the document writes one way only, per separator', () => {
    const orders = dateOrders('Date : 04/09/2026 · Livraison : 29/08/2026 · Due 09-30-2026');
    expect([...orders]).toEqual([
      ['/', 'day'],
      ['-', 'month'],
    ]);
    const [slashed, dashed] = readDates('04/09/2026 and 04-09-2026');
    expect(slashed && settleDate(slashed, orders).isos).toEqual(['2026-09-04']);
    expect(dashed && settleDate(dashed, orders).isos).toEqual(['2026-04-09']);
  });

  it('does not settle the order when the document writes it both ways, or never', () => {
    expect([...dateOrders('29/08/2026 and 08/29/2026')]).toEqual([]);
    expect([...dateOrders('04/09/2026, 29.08.2026, 2026-08-29')]).toEqual([]);
  });

  it.each([
    ['no such day', '31.02.2026'],
    ['no such month', '5 Smarch 2026'],
    ['a version number', 'v1.2.3'],
    ['a phone number', '+49 30 1234567'],
  ])('reads no date in %s', (_what, quote) => {
    expect(readDates(quote)).toEqual([]);
  });
});

describe('currencies named in a quote', () => {
  it.each([
    ['1.234,56 EUR', ['EUR']],
    ['€ 1.234,56', ['EUR']],
    ['US$ 1,234.56', ['USD']],
    ['CA$ 1,234.56', ['CAD']],
    ['C$ 12', ['CAD']],
    ['$1,234.56 CAD', ['$', 'CAD']],
    ['£12', ['GBP']],
    ['CHF 12 or Fr. 12', ['CHF', 'CHF']],
    ['12 kr.', ['kr']],
    ['¥1200', ['¥']],
    ['12 zł', ['PLN']],
    ['all prices in eur', []],
    ['TOTAL VAT 12', []],
  ])('reads %s', (quote, expected) => {
    expect(readCurrencies(quote)).toEqual(expected);
  });
});

describe('countries named in a quote', () => {
  const codes = (quote: string) => readCountries(quote).map((country) => country.code);

  it.each([
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ['Allemagne', 'DE'],
    ['Alemania', 'DE'],
    ['Duitsland', 'DE'],
    ['Germania', 'DE'],
    ['Österreich', 'AT'],
    ['Schweiz', 'CH'],
    ['Suisse', 'CH'],
    ['Frankreich', 'FR'],
    ['Nederland', 'NL'],
    ['The Netherlands', 'NL'],
    ['België', 'BE'],
    ['Belgique', 'BE'],
    ['United Kingdom', 'GB'],
    ['Vereinigtes Königreich', 'GB'],
    ['Ireland', 'IE'],
    ['España', 'ES'],
    ['Italia', 'IT'],
    ['United States', 'US'],
    ['USA', 'US'],
    ['Canada', 'CA'],
    ['Sverige', 'SE'],
    ['Schweden', 'SE'],
    ['Danmark', 'DK'],
    ['Dänemark', 'DK'],
    ['Norway', 'NO'],
    ['Polen', 'PL'],
    ['Pologne', 'PL'],
    ['DE', 'DE'],
    ['UK', 'GB'],
  ])('reads %s as %s', (quote, code) => {
    expect(codes(`10115 Berlin, ${quote}`)).toContain(code);
  });

  it('reads codes only in upper case: "de" is a word in French and Spanish', () => {
    expect(codes('5 de marzo, rue de la Paix')).toEqual([]);
  });

  it('reads the longest name: Guinea-Bissau is not Guinea', () => {
    expect(codes('Bissau, Guinea-Bissau')).toEqual(['GW']);
  });
});

describe('IBANs', () => {
  it.each([
    ['DE89370400440532013000', null],
    ['GB82WEST12345698765432', null],
    ['NL91ABNA0417164300', null],
    ['DE89370400440532013001', 'its check digits do not match'],
    ['DE98370400440532013000', 'its check digits do not match'],
    ['DE8937040044053201300', 'an IBAN from DE has 22 characters'],
    ['QQ89370400440532013000', 'QQ is not a country that uses IBANs'],
    ['1234', 'it is not an IBAN'],
  ])('%s: %s', (iban, problem) => {
    expect(ibanProblem(iban)).toBe(problem);
  });
});

describe('parseFieldValue', () => {
  it.each<[TFieldKind, unknown, string | number]>([
    ['amount', 1234.5, 1234.5],
    ['amount', 1234.567, 1234.57],
    ['amount', 0, 0],
    ['amount', '1.234,56', 1234.56],
    ['amount', '1,234.56', 1234.56],
    ['amount', 'EUR 1,234.56', 1234.56],
    ['amount', '1234', 1234],
    ['currency', 'eur', 'EUR'],
    ['currency', '€', 'EUR'],
    ['currency', 'US$', 'USD'],
    ['currency', '$', 'USD'],
    ['currency', 'CA$', 'CAD'],
    ['currency', '£', 'GBP'],
    ['currency', 'Fr.', 'CHF'],
    ['currency', '¥', 'JPY'],
    ['date', '2026-03-05', '2026-03-05'],
    ['date', '2026-03-05T00:00:00Z', '2026-03-05'],
    ['date', '05.03.2026', '2026-03-05'],
    ['date', '5. März 2026', '2026-03-05'],
    ['date', '13/05/2026', '2026-05-13'],
    ['iban', 'de89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
    ['postcode', ' sw1a   1aa ', 'SW1A 1AA'],
    ['postcode', 10115, '10115'],
    ['country', 'de', 'DE'],
    ['country', 'Deutschland', 'DE'],
    ['country', 'Allemagne', 'DE'],
    ['country', 'UK', 'GB'],
    ['country', 'Federal Republic of Germany', 'DE'],
    ['email', ' Bob@Acme.IO ', 'bob@acme.io'],
    ['domain', 'https://www.Acme.io/invoices?id=1', 'acme.io'],
    ['domain', 'ACME.io.', 'acme.io'],
    ['identifier', '  INV \n 2041 ', 'INV 2041'],
    ['text', '  ACME   Supplies\tGmbH ', 'ACME Supplies GmbH'],
  ])('%s %j → %j', (kind, raw, value) => {
    expect(parseFieldValue(kind, raw)).toEqual({ ok: true, value });
  });

  it.each<[TFieldKind, unknown, RegExp]>([
    ['amount', -1, /negative/],
    ['amount', 1e12, /too large/],
    ['amount', Number.POSITIVE_INFINITY, /not finite/],
    ['amount', 'Infinity', /Not an amount/],
    ['amount', '1e400', /Not an amount/],
    ['amount', '1,234', /two ways/],
    ['amount', 'about 12', /Not an amount/],
    ['amount', null, /is a number/],
    ['currency', 'kr', /SEK, NOK, DKK or ISK/],
    ['currency', 'XXY', /Not a currency/],
    ['currency', 'Euro', /Not a currency/],
    ['date', '2026-02-30', /No such day/],
    ['date', '05/03/2026', /two ways/],
    ['date', 'soon', /Not a date/],
    ['date', 20260305, /Expected text/],
    ['iban', 'DE89 3704 0044 0532 0130 01', /check digits/],
    ['postcode', 'Berlin', /Not a postcode/],
    ['country', 'Atlantis', /Not a country/],
    ['country', 'XX', /Not a country/],
    ['email', 'bob', /Not an e-mail/],
    ['email', 'bob@localhost', /Not an e-mail/],
    ['domain', 'bob@acme.io', /e-mail address/],
    ['domain', 'acme', /Not a domain/],
    ['identifier', '   ', /empty/],
    ['text', 'x'.repeat(501), /Longer than 500/],
    ['text', { toString: () => 'x' }, /Expected text/],
  ])('%s %j is refused', (kind, raw, message) => {
    const parsed = parseFieldValue(kind, raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(message);
  });
});
