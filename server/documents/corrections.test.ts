// A person's values: corrections (checked, normalised, the model's value kept) and confirmations
// of what nobody could prove, and the labels reviewers read.
import { describe, expect, it } from 'vitest';
import type { FieldSpecs, TGroundedField } from '../tools/model/fields.ts';
import { applyCorrections, confirmFields, fieldLabel, groundExtraction } from './grounding.ts';
import { DOCUMENT, quote } from './grounding-fixture.ts';

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
