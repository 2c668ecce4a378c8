/** Small helpers the benchmark shares: percentiles, rounding, timing. */
import { performance } from 'node:perf_hooks';

/** The `p`-th percentile (0-100) of `values` by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

/** A rate or count for printing: whole numbers. */
export function whole(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value)) : 'n/a';
}

/** A latency in milliseconds for printing: two significant decimals below 10 ms, one above. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

/** Milliseconds since an arbitrary origin, monotonic. */
export function now(): number {
  return performance.now();
}

/** Resolves after `delayMs`. */
export function sleep(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, delayMs));
}
