/** Domain normalisation shared by the directory and CRM tools. */

/**
 * A domain as the systems of record store it: lower case, without scheme, `www.`, port, path,
 * query or trailing dot. `https://WWW.Example.com/about` becomes `example.com`.
 */
export function normalizeDomain(raw: string): string {
  let domain = raw.trim().toLowerCase();
  domain = domain.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  domain = domain.replace(/^[^@/]*@/, '');
  domain = domain.split(/[/?#]/)[0] ?? '';
  domain = domain.replace(/:\d+$/, '').replace(/\.$/, '');
  return domain.replace(/^www\./, '');
}
