// A small seeded pseudo-random generator (mulberry32) and the helpers the seed draws with. The
// same seed always yields the same sequence, so the systems of record are identical every time.

/** A deterministic source of random choices, from a 32-bit seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next float in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** A version-4-shaped UUID drawn from this generator. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((Math.floor(this.next() * 4) + 8) as number).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** A string of `length` decimal digits. */
  digits(length: number): string {
    return Array.from({ length }, () => this.int(0, 9)).join('');
  }
}

/** The fixed "now" of the seeded data, so timestamps never depend on the clock. */
export const SEED_NOW = Date.UTC(2026, 10, 1, 9, 0, 0);

/** An ISO timestamp `days` (fractional) before the seed's "now". */
export function daysAgo(days: number): string {
  return new Date(SEED_NOW - Math.round(days * 86_400_000)).toISOString();
}
