/**
 * What the value modules share: how text compares (`fold`, `collapse`), and what parsing a value
 * of a kind gives (`TParsedValue`).
 */

export type TParsedValue = { ok: true; value: string | number } | { ok: false; message: string };

/** Lowercase, without accents, punctuation as single spaces: how names and months compare. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Text as compared: NFC, trimmed, whitespace runs as one space. */
export function collapse(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}
