/** A duration: milliseconds, or a string such as `"500ms"`, `"30s"`, `"15m"`, `"2h"`, `"7d"`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds in a Duration; throws a RangeError naming the bad value. */
export function toMilliseconds(duration: Duration): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) {
      throw new RangeError(`Invalid duration ${duration}: expected milliseconds >= 0`);
    }
    return duration;
  }
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(duration);
  const unit = match?.[2];
  if (!match?.[1] || !unit || !(unit in UNIT_MS)) {
    throw new RangeError(`Invalid duration "${duration}": expected e.g. 500ms, 30s, 15m, 2h, 7d`);
  }
  return Number(match[1]) * UNIT_MS[unit as keyof typeof UNIT_MS];
}
