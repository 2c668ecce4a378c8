import { describe, expect, it } from 'vitest';
import { NonRetriableError } from './errors.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, isRetriable, retryPolicy } from './retry.ts';

describe('backoffDelayMs', () => {
  const policy = retryPolicy({ initialDelayMs: 100, factor: 3, maxDelayMs: 1_000, jitter: 0 });

  it('grows exponentially from the first retry and stops at the cap', () => {
    expect([2, 3, 4, 5].map((attempt) => backoffDelayMs(policy, attempt))).toEqual([
      100, 300, 900, 1_000,
    ]);
  });

  it('draws the jitter share at random below the capped delay', () => {
    const jittery = { ...policy, jitter: 0.5 };
    expect(backoffDelayMs(jittery, 3, () => 0)).toBe(150);
    expect(backoffDelayMs(jittery, 3, () => 1)).toBe(300);
    expect(backoffDelayMs(jittery, 3, () => 0.5)).toBe(225);
  });
});

describe('retryPolicy', () => {
  it('fills what is not given from the defaults', () => {
    expect(retryPolicy({ maxAttempts: 7 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 7 });
  });

  it('rejects settings that cannot work', () => {
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow(
      /maxAttempts must be a whole number >= 1/,
    );
    expect(() => retryPolicy({ jitter: 2 })).toThrow(/jitter/);
    expect(() => retryPolicy({ factor: 0.5 })).toThrow(/factor >= 1/);
  });
});

describe('isRetriable', () => {
  it('refuses NonRetriableError and the classes the policy names, and allows the rest', () => {
    const zodLike = Object.assign(new Error('bad'), { name: 'ZodError' });
    expect(isRetriable(new NonRetriableError('no'), DEFAULT_RETRY_POLICY)).toBe(false);
    expect(isRetriable(zodLike, DEFAULT_RETRY_POLICY)).toBe(false);
    expect(isRetriable(new Error('socket hang up'), DEFAULT_RETRY_POLICY)).toBe(true);
  });
});
