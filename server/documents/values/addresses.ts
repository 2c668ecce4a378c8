/**
 * Addresses on the internet and postcodes: a domain, an e-mail address or a postcode from a
 * model's answer or a person's correction, normalised (lower case; a domain without scheme,
 * "www.", port or path; a postcode upper case with single spaces), or why it is not one.
 */
import type { TParsedValue } from './text.ts';

const DOMAIN_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

/** Why a lower-case domain is not one, or null when it is. */
function domainProblem(domain: string): string | null {
  const labels = domain.split('.');
  const tld = labels.at(-1) ?? '';
  if (domain.length > 253 || labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l)))
    return 'it is not a domain';
  return /^(?:\p{L}{2,63}|xn--[a-z0-9-]+)$/u.test(tld) ? null : 'it has no top-level domain';
}

/** A domain as compared: lower case, without scheme, "www.", port, path or trailing dot. */
function bareDomain(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#:].*$/s, '')
    .replace(/\.$/, '')
    .replace(/^www\./, '');
}

export function parseDomain(raw: string): TParsedValue {
  if (raw.includes('@')) return { ok: false, message: 'An e-mail address, not a domain.' };
  const domain = bareDomain(raw);
  const problem = domainProblem(domain);
  return problem
    ? { ok: false, message: `Not a domain: ${problem}.` }
    : { ok: true, value: domain };
}

export function parseEmail(raw: string): TParsedValue {
  const email = raw
    .trim()
    .toLowerCase()
    .replace(/^mailto:/, '');
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const problem = at < 1 ? 'it has no @' : domainProblem(email.slice(at + 1));
  if (problem === null && local.length <= 64 && /^[^\s@<>()[\]",;:\\]+$/.test(local)) {
    return { ok: true, value: email };
  }
  return { ok: false, message: `Not an e-mail address: ${problem ?? 'its name is not valid'}.` };
}

export function parsePostcode(raw: string): TParsedValue {
  const postcode = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  return /^[A-Z0-9](?:[A-Z0-9 -]{0,8}[A-Z0-9])$/.test(postcode) && /\d/.test(postcode)
    ? { ok: true, value: postcode }
    : { ok: false, message: `Not a postcode: ${postcode.slice(0, 40)}.` };
}
