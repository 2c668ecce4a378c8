/**
 * The text as the patterns see it, so that what a model would read as the words is what is
 * matched, with a map back to what the document shows (for quoting the passage):
 *  - invisible characters are dropped (zero-width spaces and joiners, word joiner, BOM, soft
 *    hyphen, bidi marks and isolates, variation selectors, other format and control characters),
 *    and Unicode tag characters (invisible ASCII) are read as the ASCII they encode;
 *  - compatibility forms are folded (NFKD: full-width and mathematical letters, ligatures),
 *    diacritics removed ("Prüfung" → "prufung"), "ß" → "ss", case folded, typographic quotes and
 *    dashes made ASCII, whitespace runs collapsed (a line break kept as one);
 *  - Cyrillic and Greek look-alikes are read as Latin in a word that mixes them with Latin
 *    ("ignоre" with a Cyrillic o) or is made of them only ("АІ"); other Cyrillic text is left be.
 */

/** Characters that show nothing: dropped before matching. */
const FORMAT_OR_CONTROL = /^[\p{Cf}\p{Cc}]$/u;
/** Blank fillers and joiners that are letters or marks, not format characters: code point ranges. */
const BLANKS: readonly (readonly [number, number])[] = [
  [0x034f, 0x034f], // combining grapheme joiner
  [0x115f, 0x1160], // Hangul fillers
  [0x17b4, 0x17b5], // Khmer inherent vowels
  [0x180b, 0x180f], // Mongolian variation selectors and vowel separator
  [0x3164, 0x3164], // Hangul filler
  [0xfe00, 0xfe0f], // variation selectors
  [0xffa0, 0xffa0], // half-width Hangul filler
  [0xe0100, 0xe01ef], // variation selectors supplement
];
const isInvisible = (character: string, code: number) =>
  FORMAT_OR_CONTROL.test(character) || BLANKS.some(([from, to]) => code >= from && code <= to);
const LINE_BREAK = /^[\n\r\v\f\u0085\u2028\u2029]$/u;
const WHITESPACE = /^\s$/u;
const APOSTROPHES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u00B4\u0060\uFF07]/gu;
const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/gu;
const MARKS = /\p{M}/gu;

/** Cyrillic and Greek letters (lower case) that look like Latin ones. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ь: 'b',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  ω: 'w',
};
const CYRILLIC_OR_GREEK = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
const LATIN = /\p{Script=Latin}/u;

/** One character as matched: compatibility-decomposed, lower-cased, without diacritics. */
function foldCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  if (code < 0x80) return character.toLowerCase();
  return character
    .replace(APOSTROPHES, "'")
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(/ß/g, 'ss')
    .replace(APOSTROPHES, "'")
    .replace(DASHES, '-')
    .replace(/\s+/gu, ' ');
}

/** The text as matched, and for each of its code units the range of the shown text it came from. */
export interface FoldedText {
  text: string;
  shown: string;
  starts: number[];
  ends: number[];
}

/** `text` folded for matching (see the module comment), mapped back to what it shows. */
export function foldForMatching(text: string): FoldedText {
  const folded: string[] = [];
  const shown: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let shownLength = 0;
  /** The piece of the whitespace run the text is in (one piece in both arrays), or -1. */
  let inWhitespace = -1;
  const push = (piece: string, character: string) => {
    const from = shownLength;
    shownLength += character.length;
    for (let unit = 0; unit < piece.length; unit++) {
      starts.push(from);
      ends.push(shownLength);
    }
    folded.push(piece);
    shown.push(character);
  };
  const whitespace = (breaksLine: boolean) => {
    if (inWhitespace >= 0) {
      if (breaksLine) {
        folded[inWhitespace] = '\n';
        shown[inWhitespace] = '\n';
      }
      return;
    }
    push(breaksLine ? '\n' : ' ', breaksLine ? '\n' : ' ');
    inWhitespace = folded.length - 1;
  };
  for (const raw of text) {
    let character = raw;
    const code = character.codePointAt(0) ?? 0;
    if (code > 0x20 && code < 0x7f) {
      push(character.toLowerCase(), character);
      inWhitespace = -1;
      continue;
    }
    // Tag characters spell ASCII invisibly (U+E0020–E007E): read what they spell.
    if (code >= 0xe0020 && code <= 0xe007e) character = String.fromCodePoint(code - 0xe0000);
    if (LINE_BREAK.test(character)) {
      whitespace(true);
      continue;
    }
    if (WHITESPACE.test(character) && character !== '\uFEFF') {
      whitespace(false);
      continue;
    }
    if (isInvisible(character, character.codePointAt(0) ?? 0)) continue;
    const piece = foldCharacter(character);
    if (piece !== '' && piece.trim() === '') {
      whitespace(false);
      continue;
    }
    push(piece.trim(), character);
    if (piece !== '') inWhitespace = -1;
  }
  let matched = folded.join('');
  // Latin look-alikes inside a word that is Latin anyway, or made of look-alikes only (one for
  // one, so the map to the shown text holds).
  matched = matched.replace(/\p{L}+/gu, (word) => {
    if (!CYRILLIC_OR_GREEK.test(word)) return word;
    const letters = [...word];
    const allLookAlike = letters.every((letter) => LOOK_ALIKES[letter] || LATIN.test(letter));
    if (!allLookAlike && !LATIN.test(word)) return word;
    return letters
      .map((letter) => {
        const latin = LOOK_ALIKES[letter];
        return latin !== undefined && letter.length === 1 ? latin : letter;
      })
      .join('');
  });
  return { text: matched, shown: shown.join(''), starts, ends };
}
