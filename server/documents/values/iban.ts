/**
 * IBANs (ISO 13616): whether one is valid, by its country's length and its mod-97 check digits
 * (`ibanProblem`), the IBAN-like strings of a text (`readIbans`), and an IBAN from a model's
 * answer or a person's correction, upper case without spaces (`parseIban`).
 */
import type { TParsedValue } from './text.ts';

const IBAN_LENGTHS = new Map(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 ' +
    'DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 ' +
    'IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 ' +
    'MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 ' +
    'SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

/** Why an IBAN (upper case, no spaces) is not valid, or null when it is. */
export function ibanProblem(iban: string): string | null {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return 'it is not an IBAN';
  const length = IBAN_LENGTHS.get(iban.slice(0, 2));
  if (length === undefined) return `${iban.slice(0, 2)} is not a country that uses IBANs`;
  if (iban.length !== length) return `an IBAN from ${iban.slice(0, 2)} has ${length} characters`;
  let remainder = 0;
  for (const char of iban.slice(4) + iban.slice(0, 4)) {
    const digit = Number.parseInt(char, 36);
    remainder = (remainder * (digit > 9 ? 100 : 10) + digit) % 97;
  }
  const check = iban.slice(2, 4);
  return remainder === 1 && check !== '00' && check !== '01' && check !== '99'
    ? null
    : 'its check digits do not match';
}

/** The IBAN-like strings of a text without its spaces (for saying what a quote holds). */
export function readIbans(compact: string): string[] {
  return [...compact.matchAll(/[A-Z]{2}\d{2}[A-Z0-9]{11,30}/g)].map(([iban]) => {
    const length = IBAN_LENGTHS.get(iban.slice(0, 2));
    return length === undefined ? iban : iban.slice(0, length);
  });
}

/** An IBAN as written ("IBAN: de89 3704 …"), upper case without spaces, or why it is not one. */
export function parseIban(text: string): TParsedValue {
  const iban = text
    .replace(/\s+/g, '')
    .replace(/^IBAN:?/i, '')
    .toUpperCase();
  const problem = ibanProblem(iban);
  return problem
    ? { ok: false, message: `Not a valid IBAN: ${problem}.` }
    : { ok: true, value: iban };
}
