import { describe, expect, it } from 'vitest';
import { deadLetterGroupKey, normaliseErrorMessage } from './dead-letter-group.ts';
import { toMilliseconds } from './duration.ts';

describe('normaliseErrorMessage', () => {
  it('replaces what varies between occurrences of one cause', () => {
    expect(
      normaliseErrorMessage(
        'Invoice 4711 for "ACME GmbH" (ann@acme.example) not found in run 0e9b1c5a-4c8e-4a51-9d6b-2f1e6f0c9a77',
      ),
    ).toBe('Invoice <n> for <value> (<email>) not found in run <id>');
  });
});

describe('deadLetterGroupKey', () => {
  it('groups the same cause and separates different steps or classes', () => {
    const base = {
      workflowId: 'invoice-approval',
      stepId: 'lookup-po',
      errorClass: 'TimeoutError',
    };
    const a = deadLetterGroupKey({ ...base, message: 'ERP did not answer within 5000 ms' });
    const b = deadLetterGroupKey({ ...base, message: 'ERP did not answer within 8000 ms' });
    expect(a).toBe(b);
    expect(a).not.toBe(
      deadLetterGroupKey({ ...base, stepId: 'post', message: 'ERP did not answer within 5000 ms' }),
    );
    expect(a).not.toBe(
      deadLetterGroupKey({
        ...base,
        errorClass: 'Error',
        message: 'ERP did not answer within 5000 ms',
      }),
    );
  });
});

describe('toMilliseconds', () => {
  it('reads numbers and unit strings, and names a bad value', () => {
    expect([
      toMilliseconds(250),
      toMilliseconds('30s'),
      toMilliseconds('15m'),
      toMilliseconds('2h'),
      toMilliseconds('1d'),
    ]).toEqual([250, 30_000, 900_000, 7_200_000, 86_400_000]);
    expect(() => toMilliseconds('soon' as '1s')).toThrow(/Invalid duration "soon"/);
    expect(() => toMilliseconds(-1)).toThrow(/Invalid duration -1/);
  });
});
