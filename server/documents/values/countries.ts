/**
 * Countries: ISO 3166 alpha-2 codes, and names in English, German, French, Spanish, Dutch and
 * Italian (from the platform's Intl data, plus the usual other names). The countries a quote
 * names (`readCountries`), and a country from a model's answer or a person's correction as its
 * code (`parseCountry`).
 */
import { fold, type TParsedValue } from './text.ts';

const COUNTRY_CODES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ ' +
    'BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM ' +
    'DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS ' +
    'GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
    'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
    'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
    'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
    'VN VU WF WS XK YE YT ZA ZM ZW'
  ).split(' '),
);
const COUNTRY_ALIASES = (
  'usa=US, u s a=US, united states of america=US, uk=GB, u k=GB, great britain=GB, ' +
  'britain=GB, england=GB, scotland=GB, wales=GB, northern ireland=GB, grossbritannien=GB, ' +
  'grande bretagne=GB, gran bretana=GB, gran bretagna=GB, groot brittannie=GB, holland=NL, ' +
  'oesterreich=AT, czech republic=CZ, turkey=TR, turkei=TR, ivory coast=CI, ' +
  'sverige=SE, danmark=DK, norge=NO, polska=PL, suomi=FI, eire=IE, magyarorszag=HU'
)
  .split(', ')
  .map((entry) => entry.split('=') as [string, string]);

let countryNames: { byName: Map<string, string>; longest: number } | undefined;

/** Folded country names to codes, built once on first use (about 30 ms). */
function countryNameIndex(): { byName: Map<string, string>; longest: number } {
  if (countryNames) return countryNames;
  const byName = new Map(COUNTRY_ALIASES);
  for (const language of ['en', 'de', 'fr', 'es', 'nl', 'it']) {
    const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    for (const code of COUNTRY_CODES) {
      const name = names.of(code);
      if (name !== undefined && !byName.has(fold(name))) byName.set(fold(name), code);
    }
  }
  const longest = Math.max(...[...byName.keys()].map((name) => name.split(' ').length));
  countryNames = { byName, longest };
  return countryNames;
}

/** A country a quote names: its code, and how the quote writes it. */
export interface WrittenCountry {
  code: string;
  written: string;
}

/**
 * The countries a text names: upper-case codes as whole words ("DE", not "de", which is a word
 * in French and Spanish), and names as whole words, the longest first ("Guinea-Bissau" is not
 * Guinea).
 */
export function readCountries(text: string): WrittenCountry[] {
  const found: WrittenCountry[] = [];
  for (const [code] of text.matchAll(/(?<!\p{L})[A-Z]{2}(?!\p{L})/gu)) {
    const known = code === 'UK' ? 'GB' : code;
    if (COUNTRY_CODES.has(known)) found.push({ code: known, written: code });
  }
  const { byName, longest } = countryNameIndex();
  const words = fold(text).split(' ').slice(0, 200);
  for (let from = 0; from < words.length; from += 1) {
    for (let to = Math.min(words.length, from + longest); to > from; to -= 1) {
      const name = words.slice(from, to).join(' ');
      const code = byName.get(name);
      if (code !== undefined) {
        found.push({ code, written: name });
        from = to - 1;
        break;
      }
    }
  }
  return found;
}

/** A country as its code, from a code ("UK" is GB), a name, or text naming only one. */
export function parseCountry(raw: string): TParsedValue {
  const text = raw.trim();
  const code = text.toUpperCase() === 'UK' ? 'GB' : text.toUpperCase();
  if (/^[A-Za-z]{2}$/.test(text) && COUNTRY_CODES.has(code)) return { ok: true, value: code };
  const exact = countryNameIndex().byName.get(fold(text));
  if (exact !== undefined) return { ok: true, value: exact };
  const named = new Set(readCountries(text).map((country) => country.code));
  const [only] = named;
  return named.size === 1 && only !== undefined
    ? { ok: true, value: only }
    : { ok: false, message: `Not a country: ${text.slice(0, 40)} (give its code, e.g. DE).` };
}
