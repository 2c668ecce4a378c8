import { describe, expect, it } from 'vitest';
import type { FieldSpecs, TFieldKind } from '../tools/model/fields.ts';
import { groundExtraction } from './grounding.ts';
import { DOCUMENT, ground, quote } from './grounding-fixture.ts';

describe('groundExtraction: each check and the attack that tries to get past it', () => {
  it.each<[string, TFieldKind, string | number, string, string, string | RegExp]>([
    // The honest answers.
    [
      'an amount (Continental 1.234,50)',
      'amount',
      1234.5,
      'Gesamtbetrag: 1.234,50 EUR',
      'grounded',
      '',
    ],
    ['a date in German', 'date', '2026-03-05', 'Rechnungsdatum: 5. März 2026', 'grounded', ''],
    ['a currency by its code', 'currency', 'EUR', 'Gesamtbetrag: 1.234,50 EUR', 'grounded', ''],
    ['a currency by its symbol', 'currency', 'EUR', 'Zahlbar: € 1.234,50', 'grounded', ''],
    [
      'an IBAN written in groups',
      'iban',
      'DE89370400440532013000',
      'IBAN: DE89 3704 0044 0532 0130 00',
      'grounded',
      '',
    ],
    ['an identifier', 'identifier', 'INV-2041', 'Rechnung INV-2041', 'grounded', ''],
    ['a postcode', 'postcode', '10115', '10115 Berlin', 'grounded', ''],
    ['a country by its German name', 'country', 'DE', '10115 Berlin · Deutschland', 'grounded', ''],
    [
      'a country named by the model',
      'country',
      'Germany',
      '10115 Berlin · Deutschland',
      'grounded',
      '',
    ],
    ['an e-mail address', 'email', 'INFO@acme.io', 'info@acme.io', 'grounded', ''],
    ['a domain from a URL', 'domain', 'acme.io', 'https://www.acme.io/rechnungen', 'grounded', ''],
    ['a domain from an e-mail address', 'domain', 'www.ACME.io', 'info@acme.io', 'grounded', ''],
    ['a text', 'text', 'acme supplies gmbh', 'ACME Supplies GmbH', 'grounded', ''],
    // A value taken from another line: the quote is real and says the value, so grounding
    // cannot tell; the cross-checks against the PO and the ERP catch a subtotal given as total.
    ['a value from another line', 'amount', 1037.39, 'Zwischensumme: 1.037,39', 'grounded', ''],
    // The attacks.
    [
      'a hallucinated amount',
      'amount',
      999.99,
      'Gesamtbetrag: 999,99 EUR',
      'unproven',
      'None of its quotes is in the document.',
    ],
    [
      'swapped digits',
      'amount',
      1243.5,
      'Gesamtbetrag: 1.234,50 EUR',
      'mismatch',
      'The quote says 1.234,50, not 1,243.50.',
    ],
    [
      'the wrong currency (code)',
      'currency',
      'USD',
      'Gesamtbetrag: 1.234,50 EUR',
      'mismatch',
      'The quote says EUR, not USD.',
    ],
    [
      'the wrong currency (symbol)',
      'currency',
      'USD',
      'Zahlbar: € 1.234,50',
      'mismatch',
      'The quote says EUR, not USD.',
    ],
    [
      '"$" with CAD in the quote, read as USD',
      'currency',
      'USD',
      'Copy for the US office: $1,234.50 CAD',
      'mismatch',
      'The quote names CAD, so its $ does not say USD.',
    ],
    [
      'a confident wrong identifier',
      'identifier',
      'INV-2042',
      'Rechnung INV-2041',
      'mismatch',
      'The quote says "Rechnung INV-2041", not INV-2042.',
    ],
    [
      'an IBAN with one digit changed',
      'iban',
      'DE89370400440532013001',
      'IBAN: DE89 3704 0044 0532 0130 00',
      'mismatch',
      'Not a valid IBAN: its check digits do not match.',
    ],
    [
      'a valid IBAN the quote does not hold',
      'iban',
      'GB82WEST12345698765432',
      'IBAN: DE89 3704 0044 0532 0130 00',
      'mismatch',
      'The quote says DE89370400440532013000, not GB82WEST12345698765432.',
    ],
    [
      'a postcode inside a longer number',
      'postcode',
      '1234',
      'Lager PLZ 12345',
      'mismatch',
      'The quote says "Lager PLZ 12345", not 1234.',
    ],
    [
      'an invoice number inside a longer one',
      'identifier',
      'INV-204',
      'Rechnung INV-2041',
      'mismatch',
      /not INV-204\.$/,
    ],
    [
      'a domain inside a longer one',
      'domain',
      'acme.io',
      'Partner: notacme.io',
      'mismatch',
      'The quote says notacme.io, not acme.io.',
    ],
    [
      'a date the quote does not say',
      'date',
      '2026-03-06',
      'Rechnungsdatum: 5. März 2026',
      'mismatch',
      'The quote says 5. März 2026, not 2026-03-06.',
    ],
    [
      'the wrong country',
      'country',
      'FR',
      '10115 Berlin · Deutschland',
      'mismatch',
      'The quote says deutschland (DE), not FR.',
    ],
    [
      'a quote with no number',
      'amount',
      12,
      'Rechnung INV-2041',
      'mismatch',
      'The quote has no number.',
    ],
    [
      'a quote that is not in the document',
      'identifier',
      'INV-9999',
      'Rechnung INV-9999',
      'unproven',
      'None of its quotes is in the document.',
    ],
    [
      'a negative amount',
      'amount',
      -1234.5,
      'Gesamtbetrag: 1.234,50 EUR',
      'mismatch',
      'An amount cannot be negative.',
    ],
    [
      'an amount as "Infinity"',
      'amount',
      'Infinity',
      'Gesamtbetrag: 1.234,50 EUR',
      'mismatch',
      /Not an amount/,
    ],
    [
      'a huge amount',
      'amount',
      1e300,
      'Gesamtbetrag: 1.234,50 EUR',
      'mismatch',
      'The amount is too large.',
    ],
  ])('%s: %s %j → %s', (_what, kind, value, said, status, reason) => {
    const field = ground(kind, value, [quote(said)]);
    expect(field.status).toBe(status);
    if (reason === '') expect(field.reasons).toEqual([]);
    else expect(field.reasons.join(' ')).toMatch(reason);
  });

  it('reads "1,234.56" and "1.234,56" alike', () => {
    const english = 'Total: 1,234.56 USD';
    const continental = 'Summe: 1.234,56 EUR';
    expect(ground('amount', 1234.56, [quote(english)], { text: english }).status).toBe('grounded');
    expect(ground('amount', 1234.56, [quote(continental)], { text: continental }).status).toBe(
      'grounded',
    );
  });

  it('grounds CAD from "$1,234.50 CAD" (the code settles what "$" means)', () => {
    expect(ground('currency', 'CAD', [quote('$1,234.50 CAD')]).status).toBe('grounded');
  });

  it('corrects offsets that point elsewhere when the quote is in the document', () => {
    const field = ground('identifier', 'INV-2041', [
      { quote: 'Rechnung INV-2041', start: 0, end: 17 },
    ]);
    const start = DOCUMENT.indexOf('Rechnung INV-2041');
    expect(field.status).toBe('grounded');
    expect(field.evidence).toEqual([
      { quote: 'Rechnung INV-2041', start, end: start + 17, found: true },
    ]);
  });

  it('finds a quote the document splits across a line break', () => {
    const field = ground('identifier', 'PO-7731', [
      { quote: 'Bestellung PO-7731', start: 0, end: 0 },
    ]);
    expect(field.status).toBe('grounded');
    const [evidence] = field.evidence;
    expect(DOCUMENT.slice(evidence?.start, evidence?.end)).toBe('Bestellung\nPO-7731');
  });

  it('grounds a value when one of its quotes says it, though another is not in the document', () => {
    const field = ground('amount', 1234.5, [
      quote('Gesamtsumme: 1.234,50'),
      quote('Gesamtbetrag: 1.234,50 EUR'),
    ]);
    expect(field.status).toBe('grounded');
    expect(field.evidence.map((evidence) => evidence.found)).toEqual([false, true]);
  });

  it('does not find a quote of 10k characters', () => {
    const field = ground('text', 'ACME', [{ quote: 'ACME '.repeat(2_000), start: 0, end: 10_000 }]);
    expect(field.status).toBe('unproven');
    expect(field.evidence[0]?.quote).toHaveLength(500);
  });

  it('looks at no more than five of 10k quotes (the schema caps them; a caller may not)', () => {
    const quotes = Array.from({ length: 10_000 }, () => quote('Rechnung INV-2041'));
    const field = ground('identifier', 'INV-2041', quotes);
    expect(field.status).toBe('grounded');
    expect(field.evidence).toHaveLength(5);
  });

  it('survives quotes with regex metacharacters, lone surrogates, RTL marks and wild offsets', () => {
    const field = ground('text', 'ACME', [
      { quote: '(.*)+$\\', start: -5, end: 1e15 },
      { quote: 'ACME\ud800', start: Number.MAX_SAFE_INTEGER, end: -1 },
      { quote: '\u200fACME', start: 3.5, end: Number.NaN },
    ]);
    // The RTL mark shows nothing and is left out: "ACME" is found; the others are not.
    expect(field.status).toBe('grounded');
    expect(field.evidence.map((evidence) => evidence.found)).toEqual([false, false, true]);
    expect(
      field.evidence.every((evidence) => evidence.start >= 0 && evidence.end <= DOCUMENT.length),
    ).toBe(true);
  });
});

describe('groundExtraction: values, confidence and the fields asked for', () => {
  it('a value the document does not give: absent when optional, unproven when required', () => {
    expect(ground('date', null, [], { required: false })).toMatchObject({
      status: 'absent',
      reasons: [],
    });
    expect(ground('date', null, [], { required: true })).toMatchObject({
      status: 'unproven',
      reasons: ['The document does not say, according to the model.'],
    });
  });

  it('a confident answer is grounded; an unsure one, right as it may be, is unproven', () => {
    const said = [quote('Rechnung INV-2041')];
    expect(ground('identifier', 'INV-2041', said, { confidence: 0.5 }).status).toBe('grounded');
    expect(ground('identifier', 'INV-2041', said, { confidence: 0.3 })).toMatchObject({
      status: 'unproven',
      reasons: ['The model was not sure (confidence 0.3).'],
    });
  });

  it('normalises the value and keeps what the model said', () => {
    const field = ground('iban', 'de89 3704 0044 0532 0130 00', [
      quote('DE89 3704 0044 0532 0130 00'),
    ]);
    expect(field).toMatchObject({
      value: 'DE89370400440532013000',
      modelValue: 'de89 3704 0044 0532 0130 00',
    });
  });

  it('answers every field of the specs in their order, with labels, and ignores others', () => {
    const specs: FieldSpecs = {
      invoiceNumber: { kind: 'identifier', description: 'The number.', required: true },
      vendorIBAN: { kind: 'iban', description: 'The account.', required: false },
      total_amount: { kind: 'amount', description: 'The total.', required: true },
    };
    const fields = groundExtraction(DOCUMENT, specs, {
      documentId: 'doc-1',
      provider: null,
      unread: null,
      fields: {
        total_amount: { value: 1234.5, confidence: 1, evidence: [quote('Gesamtbetrag: 1.234,50')] },
        approveNow: { value: 'yes', confidence: 1, evidence: [] },
        invoiceNumber: { value: 'INV-2041', confidence: 1, evidence: [quote('INV-2041')] },
      },
    });
    expect(fields.map((field) => [field.field, field.label, field.status, field.reasons])).toEqual([
      ['invoiceNumber', 'Invoice number', 'grounded', []],
      ['vendorIBAN', 'Vendor IBAN', 'unproven', ['The model gave no answer for it.']],
      ['total_amount', 'Total amount', 'grounded', []],
    ]);
  });

  it('answers a field named like an Object.prototype member only from the extraction', () => {
    const specs: FieldSpecs = Object.fromEntries([
      ['toString', { kind: 'text' as const, description: 'x', required: true }],
    ]);
    const [field] = groundExtraction(DOCUMENT, specs, {
      documentId: 'doc-1',
      provider: null,
      unread: null,
      fields: {},
    });
    expect(field?.status).toBe('unproven');
  });

  it('reads 20 fields of a 100k-character document', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(3_600)}\nRechnung INV-2041`;
    const specs: FieldSpecs = Object.fromEntries(
      Array.from({ length: 20 }, (_, index) => [
        `field${index}`,
        { kind: 'identifier' as const, description: 'x', required: true },
      ]),
    );
    const evidence = Array.from({ length: 5 }, () => ({
      quote: 'Rechnung INV-2041',
      start: 0,
      end: 5,
    }));
    const fields = groundExtraction(text, specs, {
      documentId: 'doc-1',
      provider: null,
      unread: null,
      fields: Object.fromEntries(
        Object.keys(specs).map((name) => [name, { value: 'INV-2041', confidence: 1, evidence }]),
      ),
    });
    expect(fields.every((field) => field.status === 'grounded')).toBe(true);
    expect(fields[0]?.evidence[0]?.start).toBe(text.indexOf('Rechnung INV-2041'));
  });
});
