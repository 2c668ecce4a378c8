import { describe, expect, it } from 'vitest';
import {
  type FieldSpecs,
  type TEvidence,
  type TExtraction,
  type TFieldKind,
  type TGroundedField,
  ZGroundedField,
} from '../tools/model/fields.ts';
import { applyCorrections, confirmFields, fieldLabel, groundExtraction } from './grounding.ts';

const DOCUMENT = [
  'ACME Supplies GmbH · Hauptstraße 5 · 10115 Berlin · Deutschland',
  'info@acme.io · https://www.acme.io/rechnungen',
  'Rechnung INV-2041',
  'Rechnungsdatum: 5. März 2026',
  'Zwischensumme: 1.037,39',
  'Gesamtbetrag: 1.234,50 EUR',
  'Zahlbar: € 1.234,50',
  'IBAN: DE89 3704 0044 0532 0130 00',
  'Partner: notacme.io, Lager PLZ 12345',
  'Bestellung',
  'PO-7731',
  'Copy for the US office: $1,234.50 CAD',
].join('\n');

/** A quote with its offsets in DOCUMENT (or 0 when it is not there). */
function quote(text: string): TEvidence {
  const start = Math.max(DOCUMENT.indexOf(text), 0);
  return { quote: text, start, end: start + text.length };
}

function ground(
  kind: TFieldKind,
  value: string | number | null,
  evidence: TEvidence[],
  options: { confidence?: number; required?: boolean; text?: string } = {},
): TGroundedField {
  const specs: FieldSpecs = {
    field: { kind, description: 'A field.', required: options.required ?? true },
  };
  const extraction: TExtraction = {
    documentId: 'doc-1',
    provider: 'test:model',
    unread: null,
    fields: { field: { value, confidence: options.confidence ?? 0.9, evidence } },
  };
  const [field] = groundExtraction(options.text ?? DOCUMENT, specs, extraction);
  if (!field) throw new Error('no field');
  expect(ZGroundedField.safeParse(field).success).toBe(true);
  return field;
}

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
    expect(field.status).toBe('unproven');
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

describe('fieldLabel', () => {
  it.each([
    ['invoiceNumber', 'Invoice number'],
    ['vendorIBAN', 'Vendor IBAN'],
    ['IBANCountry', 'IBAN country'],
    ['postal_code', 'Postal code'],
    ['total', 'Total'],
  ])('%s → %s', (name, label) => {
    expect(fieldLabel(name)).toBe(label);
  });
});

const SPECS: FieldSpecs = {
  invoiceNumber: { kind: 'identifier', description: 'x', required: true },
  total: { kind: 'amount', description: 'x', required: true },
  iban: { kind: 'iban', description: 'x', required: false },
};

function grounded(): TGroundedField[] {
  return groundExtraction(DOCUMENT, SPECS, {
    documentId: 'doc-1',
    provider: 'test:model',
    unread: null,
    fields: {
      invoiceNumber: { value: 'INV-2041', confidence: 0.9, evidence: [quote('INV-2041')] },
      total: { value: 1243.5, confidence: 0.9, evidence: [quote('Gesamtbetrag: 1.234,50')] },
      iban: { value: 'DE89370400440532013001', confidence: 0.9, evidence: [] },
    },
  });
}

describe('applyCorrections', () => {
  it('sets corrected fields to person with the normalised value, keeping what the model said', () => {
    const result = applyCorrections(grounded(), { total: '1.234,50' }, SPECS);
    if (!('fields' in result)) throw new Error(JSON.stringify(result.errors));
    const [invoiceNumber, total, iban] = result.fields;
    expect(invoiceNumber?.status).toBe('grounded');
    expect(total).toMatchObject({
      status: 'person',
      value: 1234.5,
      modelValue: 1243.5,
      reasons: [],
    });
    expect(iban?.status).toBe('mismatch');
  });

  it('refuses the whole correction when one value is not of its kind, unknown or clears a required field', () => {
    expect(
      applyCorrections(
        grounded(),
        {
          total: 'twelve',
          invoiceNumber: null,
          approver: 'me',
          iban: 'DE89 3704 0044 0532 0130 01',
        },
        SPECS,
      ),
    ).toEqual({
      errors: {
        total: 'Not an amount: twelve.',
        invoiceNumber: 'Invoice number is required: it cannot be cleared.',
        approver: 'There is no such field.',
        iban: 'Not a valid IBAN: its check digits do not match.',
      },
    });
  });

  it('clears an optional field, and refuses a field named __proto__ without touching prototypes', () => {
    const cleared = applyCorrections(grounded(), { iban: null }, SPECS);
    expect('fields' in cleared && cleared.fields[2]).toMatchObject({
      status: 'person',
      value: null,
    });
    const hostile = applyCorrections(grounded(), JSON.parse('{"__proto__": "x"}'), SPECS);
    expect(hostile).toEqual({ errors: JSON.parse('{"__proto__": "There is no such field."}') });
  });
});

describe('confirmFields', () => {
  it('makes every unproven field person with its value', () => {
    const corrected = applyCorrections(grounded(), { iban: 'DE89370400440532013000' }, SPECS);
    if (!('fields' in corrected)) throw new Error('not corrected');
    const result = confirmFields(corrected.fields);
    if (!('fields' in result)) throw new Error(JSON.stringify(result.errors));
    expect(result.fields.map((field) => [field.status, field.value])).toEqual([
      ['grounded', 'INV-2041'],
      ['person', 1243.5],
      ['person', 'DE89370400440532013000'],
    ]);
  });

  it('cannot confirm a required field with no value, nor a value that is not of its kind', () => {
    const fields = grounded();
    const withoutTotal = fields.map((field) =>
      field.field === 'total' ? { ...field, value: null, status: 'unproven' as const } : field,
    );
    expect(confirmFields(withoutTotal)).toEqual({
      errors: {
        total: 'Total is required: give its value.',
        iban: 'Not a valid IBAN: its check digits do not match.',
      },
    });
  });
});
