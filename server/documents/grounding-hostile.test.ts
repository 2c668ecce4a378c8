// Answers built to get a wrong value past grounding (tests/fixtures/documents/hostile-answers.ts
// runs them through the whole pipeline), each beside the honest answer that must still pass.
import { describe, expect, it } from 'vitest';
import type { TEvidence, TFieldKind } from '../tools/model/fields.ts';
import { ground } from './grounding-fixture.ts';

const ZW = '\u200b';

/** Grounds one field of `kind` on `text`, quoting each of `quotes` where it stands. */
function groundOn(text: string, kind: TFieldKind, value: string | number, ...quotes: string[]) {
  const evidence: TEvidence[] = quotes.map((quote) => {
    const start = Math.max(text.indexOf(quote), 0);
    return { quote, start, end: start + quote.length };
  });
  return ground(kind, value, evidence, { text });
}

describe('invisible characters are left out of the document and the quotes', () => {
  const text = `Rechnung\nNr. INV-1023${ZW}7\nLindq\u00advist Trading\u200f GmbH`;

  it.each([
    ['quoted with the zero-width space', `Nr. INV-1023${ZW}7`, 'Nr. INV-10237'],
    ['quoted without the hidden digit', 'Nr. INV-1023', 'Nr. INV-10237'],
    ['quoted without anything around the number', 'INV-1023', 'INV-10237'],
  ])('the attack: INV-1023 from "INV-1023<U+200B>7", %s, is a mismatch', (_what, quote, read) => {
    expect(groundOn(text, 'identifier', 'INV-1023', quote)).toMatchObject({
      status: 'mismatch',
      reasons: [`The quote says "${read}", not INV-1023.`],
    });
  });

  it.each([`Nr. INV-1023${ZW}7`, 'Nr. INV-10237'])(
    'the honest answer: INV-10237, as a person reads it, is grounded (%s)',
    (quote) => {
      const field = groundOn(text, 'identifier', 'INV-10237', quote);
      expect(field.status).toBe('grounded');
      const [evidence] = field.evidence;
      expect(text.slice(evidence?.start, evidence?.end)).toBe(`Nr. INV-1023${ZW}7`);
    },
  );

  it('a soft hyphen and a bidi mark inside a name are left out of it', () => {
    expect(groundOn(text, 'text', 'Lindqvist Trading GmbH', 'Lindqvist Trading GmbH').status).toBe(
      'grounded',
    );
    expect(groundOn(text, 'text', 'Lindq', 'Lindq\u00advist').status).toBe('mismatch');
  });
});

describe('a text value is grounded only as whole words of its quote', () => {
  const text = [
    'Unsere neue Anschrift: Lindenallee 115, 3. OG, 10115 Berlin',
    'Der Nachsendeauftrag ist annulliert.',
    '--',
    'Johanna Schmitt, Head of Finance',
  ].join('\n');

  it.each<[string, string, string]>([
    ['a house number cut short', 'Lindenallee 11', 'Lindenallee 115'],
    ['a house number cut short, the quote cut too', 'Lindenallee 11', 'Lindenallee 11'],
    ['"null" inside a word', 'null', 'Der Nachsendeauftrag ist annulliert.'],
    ['a name inside a longer one', 'Anna', 'Johanna Schmitt'],
    ['a name inside a longer one, the quote cut too', 'Anna Schmitt', 'anna Schmitt'],
  ])('the attack: %s is a mismatch', (_what, value, quote) => {
    expect(groundOn(text, 'text', value, quote).status).toBe('mismatch');
  });

  it.each<[string, string]>([
    ['Lindenallee 115', 'Lindenallee 115'],
    ['lindenallee 115', 'Unsere neue Anschrift: Lindenallee 115, 3. OG'],
    ['3. OG', 'Lindenallee 115, 3. OG, 10115 Berlin'],
    ['Berlin', '10115 Berlin'],
    ['Johanna', 'Johanna Schmitt'],
    ['Schmitt', 'Johanna Schmitt, Head of Finance'],
    ['Head of Finance', 'Johanna Schmitt, Head of Finance'],
  ])('the honest answer: %s from "%s" is grounded', (value, quote) => {
    expect(groundOn(text, 'text', value, quote).status).toBe('grounded');
  });
});

describe('an amount whose quotes hold several amounts goes to a person', () => {
  const text = [
    'Gesamtbetrag: 2.853,63 CAD (Angebot war 2.635,63 CAD)',
    'Total due: EUR 1,234.56',
    'Tax 19% included',
    'Gesamtbetrag: 1.234,50 EUR',
    '3 Stk à 411,50 EUR',
  ].join('\n');
  const line = 'Gesamtbetrag: 2.853,63 CAD (Angebot war 2.635,63 CAD)';

  it.each([2635.63, 2853.63])('the attack: %s from a quote holding both is unproven', (value) => {
    expect(groundOn(text, 'amount', value, line)).toMatchObject({
      status: 'unproven',
      reasons: [
        'The quote holds several amounts (2,853.63 and 2,635.63): which one is meant is for a person.',
      ],
    });
  });

  it('an amount the quote does not say at all is still a mismatch', () => {
    expect(groundOn(text, 'amount', 2000, line).status).toBe('mismatch');
  });

  it.each<[number, string[]]>([
    [2853.63, ['Gesamtbetrag: 2.853,63 CAD']],
    [1234.56, ['Total due: EUR 1,234.56']],
    [1234.56, ['Total due: EUR 1,234.56\nTax 19% included']],
    [1234.5, ['Gesamtbetrag: 1.234,50 EUR']],
    [411.5, ['3 Stk à 411,50 EUR']],
    [1234.5, ['Gesamtbetrag: 1.234,50 EUR', 'Gesamtbetrag: 1.234,50']],
  ])('the honest answer: %s from %j is grounded', (value, quotes) => {
    expect(groundOn(text, 'amount', value, ...quotes).status).toBe('grounded');
  });
});

describe('a date that reads two ways goes to a person', () => {
  const text = 'Unsere neue Anschrift gilt ab 02/03/2027 (Vertrag 02.03.2027, 2027-03-02)';

  it.each(['2027-02-03', '2027-03-02'])('the attack: %s from "02/03/2027" is unproven', (value) => {
    expect(groundOn(text, 'date', value, 'gilt ab 02/03/2027')).toMatchObject({
      status: 'unproven',
      reasons: ['02/03/2027 reads as 2 March or 3 February: a person decides.'],
    });
  });

  it('a date it does not say either way is still a mismatch', () => {
    expect(groundOn(text, 'date', '2027-03-04', 'gilt ab 02/03/2027').status).toBe('mismatch');
  });

  it.each([
    ['a dotted date is day first', '2027-03-02', 'Vertrag 02.03.2027', 'grounded'],
    ['a dotted date is never month first', '2027-02-03', 'Vertrag 02.03.2027', 'mismatch'],
    ['an ISO date', '2027-03-02', '2027-03-02', 'grounded'],
    ['a slashed date with a day past 12', '2027-02-13', '13/02/2027', 'grounded'],
  ])('the honest answer: %s', (_what, value, quote, status) => {
    const honest = `${text}\nFällig 13/02/2027`;
    expect(groundOn(honest, 'date', value, quote).status).toBe(status);
  });

  it('the document settles it when its other dates are written one way only (29/08/2026)', () => {
    const french = 'Date de facture : 04/09/2026\nDate de livraison : 29/08/2026';
    expect(groundOn(french, 'date', '2026-09-04', 'Date de facture : 04/09/2026').status).toBe(
      'grounded',
    );
    expect(groundOn(french, 'date', '2026-04-09', 'Date de facture : 04/09/2026').status).toBe(
      'mismatch',
    );
    const both = `${french}\nShipped 08/30/2026`;
    expect(groundOn(both, 'date', '2026-09-04', 'Date de facture : 04/09/2026').status).toBe(
      'unproven',
    );
  });
});
