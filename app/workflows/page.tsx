import type { Metadata } from 'next';
import Link from 'next/link';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { requirePage } from '@/lib/auth/server';
import { caller } from '@/lib/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Workflows' };

export default async function WorkflowsPage() {
  const access = await requirePage('/workflows');
  if (!access.allowed) return <Forbidden role={access.user.role} page="Workflows" />;
  const workflows = await caller.workflow.list();
  return (
    <>
      <PageHeading title="Workflows">
        The processes Steward can run for you. Start one, fill in its form, and follow the run.
      </PageHeading>
      <ul className="grid gap-4 md:grid-cols-3">
        {workflows.map((workflow) => (
          <li
            key={workflow.id}
            data-testid="workflow-card"
            className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          >
            <h2 className="font-medium text-slate-900">{workflow.title}</h2>
            <p className="mt-2 flex-1 text-sm text-slate-600">{workflow.description}</p>
            <Link
              href={`/workflows/${workflow.id}/new`}
              className="mt-4 inline-flex w-fit rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
            >
              Start<span className="sr-only"> {workflow.title}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
