import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { DocumentStart } from '@/components/workflows/document-start';
import { WorkflowForm } from '@/components/workflows/workflow-form';
import { requirePage } from '@/lib/auth/server';
import { getQueryClient, HydrateClient, trpc } from '@/lib/trpc/server';
import { registry } from '@/server/workflows';

export const dynamic = 'force-dynamic';

export async function generateMetadata({
  params,
}: {
  params: Promise<{ id: string }>;
}): Promise<Metadata> {
  const { id } = await params;
  return { title: `Start: ${registry.get(id)?.title ?? 'workflow'}` };
}

export default async function NewRunPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requirePage('/workflows');
  if (!access.allowed) return <Forbidden role={access.user.role} page="Workflows" />;
  const { id } = await params;
  const options = trpc.workflow.form.queryOptions({ id });
  const form = await getQueryClient()
    .fetchQuery(options)
    .catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === 'NOT_FOUND') return null;
      throw error;
    });
  if (!form) notFound();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/workflows" className="text-slate-600 underline hover:text-slate-900">
          Workflows
        </Link>
      </nav>
      <PageHeading title={form.title}>{form.description}</PageHeading>
      <HydrateClient>
        {form.documentFields === null ? (
          <WorkflowForm workflowId={id} />
        ) : (
          // A workflow that reads documents: type the fields, or hand over the document.
          <div className="grid items-start gap-6 lg:grid-cols-2">
            <section aria-labelledby="typed-start-heading">
              <h2 id="typed-start-heading" className="mb-3 text-base font-semibold text-slate-900">
                Type the fields
              </h2>
              <WorkflowForm workflowId={id} />
            </section>
            <section aria-labelledby="document-start-heading">
              <h2
                id="document-start-heading"
                className="mb-3 text-base font-semibold text-slate-900"
              >
                Or start from a document
              </h2>
              <DocumentStart workflowId={id} />
            </section>
          </div>
        )}
      </HydrateClient>
    </>
  );
}
