import Link from 'next/link';
import { MainNav } from './main-nav';

/** The bar on every page: the product name (home) and the consoles. */
export function AppHeader() {
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
        <MainNav />
      </div>
    </header>
  );
}
