/**
 * Currencies: the currencies a quote names (`readCurrencies`: ISO codes and symbols), and a
 * currency from a model's answer or a person's correction as its ISO code (`parseCurrency`).
 */
import type { TParsedValue } from './text.ts';

const CURRENCY_CODES = new Set(Intl.supportedValuesOf('currency'));
/** Currencies written with a bare "$"; "$" is read as USD only when none of the others is named. */
export const DOLLARS = new Set('USD CAD AUD NZD HKD SGD MXN TWD ARS CLP COP'.split(' '));
/** Crowns, written "kr": a quote with "kr" and no crown's code may mean any of them. */
export const CROWNS = new Set(['SEK', 'NOK', 'DKK', 'ISK']);

/** Symbols and their codes; `$`, `¥` and `kr` stand for several (DOLLARS, JPY/CNY, CROWNS). */
const SYMBOLS: Record<string, string> = Object.fromEntries(
  (
    'US$=USD CA$=CAD C$=CAD AU$=AUD A$=AUD NZ$=NZD HK$=HKD S$=SGD R$=BRL MX$=MXN CN¥=CNY ' +
    'JP¥=JPY RMB=CNY 元=CNY €=EUR £=GBP ₹=INR ₩=KRW ₺=TRY ₽=RUB ₪=ILS ₱=PHP SFr.=CHF Fr.=CHF ' +
    'Fr=CHF zł=PLN Kč=CZK Ft=HUF lei=RON $=$ ¥=¥ kr=kr kr.=kr'
  )
    .split(' ')
    .map((entry) => entry.split('=')),
);
const SYMBOL_PATTERN = new RegExp(
  Object.keys(SYMBOLS)
    .sort((a, b) => b.length - a.length)
    .map((symbol) => {
      const escaped = symbol.replace(/[.$]/g, '\\$&');
      return /^\p{L}/u.test(symbol) ? `(?<!\\p{L})${escaped}(?![\\p{L}.])` : escaped;
    })
    .join('|')
    .concat('|(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])'),
  'gu',
);

/**
 * The currencies a text names, in order: ISO codes (upper case, as whole words), unambiguous
 * symbols as their codes, and the ambiguous symbols `$`, `¥` and `kr` as themselves.
 */
export function readCurrencies(text: string): string[] {
  const found: string[] = [];
  for (const [written] of text.matchAll(SYMBOL_PATTERN)) {
    const code = SYMBOLS[written] ?? (CURRENCY_CODES.has(written) ? written : undefined);
    if (code !== undefined) found.push(code);
  }
  return found;
}

/** Whether letters glued to a number are a currency ("EUR1234", "Fr.1234", "100kr"). */
export function isCurrencyWord(letters: string): boolean {
  return (
    CURRENCY_CODES.has(letters) ||
    ['fr', 'sfr', 'kr', 'zł', 'kč', 'ft', 'lei', 'rmb'].includes(letters.toLowerCase())
  );
}

/** Whether text beside an amount is a currency symbol or code, or nothing. */
export function isCurrencyToken(text: string): boolean {
  return text === '' || SYMBOLS[text] !== undefined || CURRENCY_CODES.has(text);
}

/** A currency as its ISO code, from a code in any case or a symbol ("$" is USD, "¥" JPY). */
export function parseCurrency(raw: string): TParsedValue {
  const text = raw.trim();
  if (/^[A-Za-z]{3}$/.test(text) && CURRENCY_CODES.has(text.toUpperCase())) {
    return { ok: true, value: text.toUpperCase() };
  }
  const symbol = SYMBOLS[text] ?? SYMBOLS[text.toLowerCase()];
  // A bare "$" is USD and "¥" JPY when nothing else is known; "kr" has no such default.
  if (symbol === '$') return { ok: true, value: 'USD' };
  if (symbol === '¥') return { ok: true, value: 'JPY' };
  if (symbol === 'kr')
    return { ok: false, message: 'kr may be SEK, NOK, DKK or ISK: give the code.' };
  if (symbol !== undefined) return { ok: true, value: symbol };
  return {
    ok: false,
    message: `Not a currency: ${text.slice(0, 40)} (give its ISO code, e.g. EUR).`,
  };
}
