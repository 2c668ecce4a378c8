import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { requirePage } from '@/lib/auth/server';
import { registry } from '@/server/workflows';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Workflows' };

export default async function WorkflowsPage() {
  const access = await requirePage('/workflows');
  if (!access.allowed) return <Forbidden role={access.user.role} page="Workflows" />;
  return (
    <>
      <PageHeading title="Workflows">The processes Steward can run for you.</PageHeading>
      <ul className="grid gap-4 md:grid-cols-3">
        {registry.list().map((workflow) => (
          <li
            key={workflow.id}
            className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          >
            <h2 className="font-medium text-slate-900">{workflow.title}</h2>
            <p className="mt-2 text-sm text-slate-600">{workflow.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
