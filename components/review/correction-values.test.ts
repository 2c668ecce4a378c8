import { describe, expect, it } from 'vitest';
import type { TGroundedField } from '@/server/tools/model/fields';
import { changedFields, fieldProblems, firstToCorrect } from './correction-values.ts';

function field(
  name: string,
  kind: TGroundedField['kind'],
  value: string | number | null,
  status: TGroundedField['status'] = 'grounded',
): TGroundedField {
  return {
    field: name,
    kind,
    label: name,
    required: true,
    value,
    modelValue: value,
    confidence: 0.9,
    status,
    reasons: [],
    evidence: [],
  };
}

const fields = [
  field('vendorNumber', 'identifier', 'V-1042'),
  field('amount', 'amount', 1234.5),
  field('iban', 'iban', 'DE89370400440532013000', 'mismatch'),
  field('poNumber', 'identifier', null, 'unproven'),
];

describe('the correction form', () => {
  it('starts on the first field that does not match or is unproven', () => {
    expect(firstToCorrect(fields)?.field).toBe('iban');
    expect(firstToCorrect([field('a', 'text', 'x')])?.field).toBe('a');
  });

  it('sends only the changed fields, amounts as numbers and emptied fields as null', () => {
    expect(
      changedFields(fields, {
        vendorNumber: ' V-1042 ',
        amount: '1234.50',
        iban: 'DE89 3704 0044 0532 0130 00',
        poNumber: '',
      }),
    ).toEqual({ corrections: { iban: 'DE89 3704 0044 0532 0130 00' } });
    expect(changedFields(fields, { amount: '99', vendorNumber: '' })).toEqual({
      corrections: { amount: 99, vendorNumber: null },
    });
  });

  it('refuses an amount that is not a number before asking the server', () => {
    expect(changedFields(fields, { amount: '12,50' })).toEqual({
      problems: { amount: 'Give a number.' },
    });
  });

  it("puts the server's refusal under the fields it names", () => {
    expect(
      fieldProblems(
        'Not corrected: iban: Not a valid IBAN: its check digits do not match.; other: x',
        fields,
      ),
    ).toEqual({ iban: 'Not a valid IBAN: its check digits do not match.' });
    expect(
      fieldProblems('The correction is not valid: corrections.amount: Too big', fields),
    ).toEqual({ amount: 'Too big' });
  });
});
