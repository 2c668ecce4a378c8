import Link from 'next/link';
import { currentUser } from '@/lib/auth/server';
import { pagesFor } from '@/server/auth/pages';
import { SignOutButton } from './auth/sign-out-button';
import { MainNav } from './main-nav';

/** The bar on every page: the product name (home), the consoles of the user's role, and who they are. */
export async function AppHeader() {
  const user = await currentUser();
  const links = user ? pagesFor(user.role).map(({ href, label }) => ({ href, label })) : [];
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-console items-center justify-between gap-6 px-6">
        <Link
          href="/"
          className="flex items-center gap-2 font-semibold tracking-tight text-slate-900"
        >
          <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm bg-emerald-600" />
          Steward
        </Link>
        {user ? (
          <div className="flex items-center gap-4">
            <MainNav links={links} />
            <span className="text-sm text-slate-600" data-testid="signed-in-as">
              {user.name} · <span className="font-medium">{user.role}</span>
            </span>
            <SignOutButton />
          </div>
        ) : null}
      </div>
    </header>
  );
}
