/**
 * Which consoles each role uses: the navigation shows only these, and each page refuses the
 * others. The data behind a page is authorized again by its tRPC procedures.
 */
import type { TRole } from './roles.ts';

export interface ConsolePage {
  href: '/review' | '/runs' | '/admin/dead-letter' | '/workflows' | '/admin/users';
  label: string;
  roles: readonly TRole[];
}

/** The consoles, in navigation order. */
export const CONSOLE_PAGES: readonly ConsolePage[] = [
  { href: '/workflows', label: 'Workflows', roles: ['requester', 'operations'] },
  { href: '/review', label: 'Review', roles: ['reviewer'] },
  { href: '/runs', label: 'Runs', roles: ['requester', 'reviewer', 'operations'] },
  { href: '/admin/dead-letter', label: 'Dead letters', roles: ['operations'] },
  { href: '/admin/users', label: 'Users', roles: ['admin'] },
];

/** The consoles this role may use. */
export function pagesFor(role: TRole): ConsolePage[] {
  return CONSOLE_PAGES.filter((page) => page.roles.includes(role));
}

/** The roles that may open the console at `href`. */
export function rolesFor(href: ConsolePage['href']): readonly TRole[] {
  return CONSOLE_PAGES.find((page) => page.href === href)?.roles ?? [];
}
