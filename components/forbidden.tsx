import Link from 'next/link';
import { ROLE_DESCRIPTIONS, type TRole } from '@/server/auth/roles';

/** What a signed-in person sees on a console their role may not use. */
export function Forbidden({ role, page }: { role: TRole; page: string }) {
  return (
    <section
      role="alert"
      className="mx-auto max-w-lg rounded-lg border border-amber-300 bg-amber-50 p-8"
    >
      <h1 className="text-xl font-semibold text-slate-900">Not available to your role</h1>
      <p className="mt-2 text-sm text-slate-700">
        {page} is not part of the {role} role. {ROLE_DESCRIPTIONS[role]} Ask an admin if you need
        another role.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-slate-900 underline">
        Go to the overview
      </Link>
    </section>
  );
}
