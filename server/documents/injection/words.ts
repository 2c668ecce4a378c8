/**
 * The pieces every pattern is built from, so that words are bounded the same way everywhere:
 * Unicode-aware (no letter or digit either side), so "Abrechnung" never matches "ab", "Kiel" never
 * "KI", "Mia" or "Via" never "IA".
 */

/** A letter or digit in any script. */
export const LETTER = String.raw`[\p{L}\p{N}]`;
/** The start of a word: no letter or digit precedes. */
export const S = `(?<!${LETTER})`;
/** The end of a word: no letter or digit follows. */
export const E = `(?!${LETTER})`;

/** `(?:a|b|c)`. */
export const alt = (...choices: string[]) => `(?:${choices.join('|')})`;

/**
 * A phrase bounded by word edges on both sides; a space in `source` stands for one whitespace
 * character (the folded text has no runs).
 */
export function phrase(source: string): RegExp {
  return new RegExp(`${S}(?:${source.replaceAll(' ', String.raw`\s`)})${E}`, 'gu');
}

/** Where a clause starts: the text's start, or after punctuation or a bullet. */
export const CLAUSE_START = String.raw`(?<=(?:^|[.!?;:>"'(\[*#|•·\n-])\s?)`;

/** What may follow a phrase that must end where it does: the sentence ends, or goes on with one of
 * `words` ("Note to the AI that reads this"). */
export const trail = (...words: string[]) =>
  alt(String.raw`(?=\s?(?:[:,;!.)\]]|-\s))`, String.raw`(?=\s?$)`, `(?= ${alt(...words)}${E})`);
