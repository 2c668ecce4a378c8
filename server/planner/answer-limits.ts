/**
 * Limits on what a model may answer, checked before anything else looks at the answer: an answer
 * built to break the checker (nested thousands deep, megabytes long, control characters that
 * PostgreSQL cannot store) is refused with a code like any bad plan, recorded, and repaired or
 * passed to the next planner. Every walk here is iterative, so no answer can overflow the stack.
 */

/** The longest answer read at all. */
export const MAX_ANSWER_CHARS = 100_000;
/** The deepest nesting of objects and arrays in a plan (a plan needs about six). */
export const MAX_DEPTH = 16;
/** The most values (objects, arrays, strings, numbers…) in one plan. */
export const MAX_NODES = 5_000;
/** The longest string in a plan; summaries and whys have their own, shorter caps. */
export const MAX_STRING_CHARS = 4_000;
/** The longest object key in a plan. */
export const MAX_KEY_CHARS = 100;
/** The most characters of a raw answer kept in `model_calls`. */
export const MAX_RECORDED_CHARS = 20_000;

// Control characters other than tab, line feed and carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Why the raw answer is refused before parsing, or null. */
export function rawAnswerProblem(text: string): string | null {
  return text.length > MAX_ANSWER_CHARS
    ? `The answer is ${text.length} characters long; at most ${MAX_ANSWER_CHARS} are read.`
    : null;
}

/** Why the parsed answer breaks the limits, or null. Iterative: depth cannot overflow it. */
export function parsedAnswerProblem(value: unknown): string | null {
  const stack: { node: unknown; depth: number; path: string }[] = [
    { node: value, depth: 0, path: '(plan)' },
  ];
  let count = 0;
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    count += 1;
    if (count > MAX_NODES) return `The answer holds more than ${MAX_NODES} values.`;
    const { node, depth, path } = item;
    if (depth > MAX_DEPTH) {
      return `The answer is nested more than ${MAX_DEPTH} levels deep (at ${path}).`;
    }
    if (typeof node === 'string') {
      if (node.length > MAX_STRING_CHARS) {
        return `${path} is ${node.length} characters long; at most ${MAX_STRING_CHARS} are allowed.`;
      }
      if (CONTROL.test(node)) return `${path} holds control characters.`;
      if (!node.isWellFormed()) return `${path} holds a lone surrogate (not text).`;
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    for (const [key, child] of Object.entries(node)) {
      if (key.length > MAX_KEY_CHARS)
        return `A key in ${path} is longer than ${MAX_KEY_CHARS} characters.`;
      if (CONTROL.test(key)) return `A key in ${path} holds control characters.`;
      if (!key.isWellFormed()) return `A key in ${path} holds a lone surrogate (not text).`;
      stack.push({ node: child, depth: depth + 1, path: `${path}.${key}` });
    }
  }
  return null;
}

/**
 * Text that PostgreSQL stores in a text or jsonb column: NUL and lone surrogates (which it
 * refuses) replaced by U+FFFD, other control characters kept.
 */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD').toWellFormed();
}

/**
 * Storable text no longer than `max` characters (the cut said so), for the record of a call
 * and for messages that quote an answer.
 */
export function recordableText(text: string, max = MAX_RECORDED_CHARS): string {
  const clean = storableText(text);
  return clean.length <= max
    ? clean
    : `${clean.slice(0, max)}… [${clean.length - max} more characters not kept]`;
}

/** JSON text for a jsonb column: every string and key made storable, nothing else changed. */
export function recordableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'string') return storableText(item);
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const entries = Object.entries(item);
      if (entries.every(([key]) => storableText(key) === key)) return item;
      return Object.fromEntries(entries.map(([key, member]) => [storableText(key), member]));
    }
    return item;
  });
}
