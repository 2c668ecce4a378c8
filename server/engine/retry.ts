import { NonRetriableError } from './errors.ts';

/** How a step's failed attempts are retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included. 1 means no retry. */
  maxAttempts: number;
  /** Delay before the second attempt; each later one is `factor` times longer, up to `maxDelayMs`. */
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Share of the delay that is random (0-1): "full jitter" on that share spreads retry storms. */
  jitter: number;
  /** Error classes (error `name`s) never retried, besides NonRetriableError and its subclasses. */
  nonRetriable: readonly string[];
}

/** The policy a step gets unless it or its tool says otherwise. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 60_000,
  jitter: 0.25,
  nonRetriable: ['ZodError', 'ContractError', 'PermanentError'],
};

/** A policy from partial settings, the rest from the defaults; rejects nonsense early. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(
      `retry.maxAttempts must be a whole number >= 1, got ${policy.maxAttempts}`,
    );
  }
  if (policy.initialDelayMs < 0 || policy.maxDelayMs < 0 || policy.factor < 1) {
    throw new RangeError('retry delays must be >= 0 and factor >= 1');
  }
  if (policy.jitter < 0 || policy.jitter > 1) throw new RangeError('retry.jitter must be in 0-1');
  return policy;
}

/**
 * Delay before attempt `nextAttempt` (2 for the first retry): exponential, capped, with the
 * jitter share drawn uniformly from [0, share] so retries of many runs do not line up.
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  nextAttempt: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.initialDelayMs * policy.factor ** Math.max(0, nextAttempt - 2);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const jitterShare = capped * policy.jitter;
  return Math.round(capped - jitterShare + random() * jitterShare);
}

/** Whether a failed attempt with this error may be tried again under this policy. */
export function isRetriable(error: unknown, policy: RetryPolicy): boolean {
  if (error instanceof NonRetriableError) return false;
  const name = error instanceof Error ? error.name : '';
  return !policy.nonRetriable.includes(name);
}
