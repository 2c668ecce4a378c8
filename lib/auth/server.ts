import 'server-only';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getSessionUser, type SessionUser } from '../../server/auth/index.ts';
import { type ConsolePage, rolesFor } from '../../server/auth/pages.ts';

/** The signed-in user of this request (once per request), or null. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  return getSessionUser(new Headers(await headers()));
});

export type PageAccess =
  | { user: SessionUser; allowed: true }
  | { user: SessionUser; allowed: false };

/**
 * The signed-in user, and whether their role may use this console; nobody signed in is sent to
 * the sign-in page, which brings them back here.
 */
export async function requirePage(href: ConsolePage['href'] | '/'): Promise<PageAccess> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(href)}`);
  const allowed = href === '/' || rolesFor(href).includes(user.role);
  return { user, allowed };
}
