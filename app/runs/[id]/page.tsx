import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { documentIdOf } from '@/components/documents/readings';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { RunTimeline } from '@/components/runs/run-timeline';
import { requirePage } from '@/lib/auth/server';
import { getQueryClient, HydrateClient, trpc } from '@/lib/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Run' };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requirePage('/runs');
  if (!access.allowed) return <Forbidden role={access.user.role} page="Runs" />;
  const { id } = await params;
  try {
    // Fetched here so an unknown run (or another requester's) is a 404 page, not a client error.
    const timeline = await getQueryClient().fetchQuery(trpc.run.get.queryOptions({ id }));
    // A run handed a document shows it at once, with what was read from it.
    if (documentIdOf(timeline.run.input) !== null) {
      await getQueryClient().prefetchQuery(trpc.run.documents.queryOptions({ id }));
    }
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
  return (
    <>
      <PageHeading title="Run">
        <span className="font-mono text-xs">{id}</span> ·{' '}
        <Link href="/runs" className="text-sky-700 underline">
          All runs
        </Link>
      </PageHeading>
      <HydrateClient>
        <RunTimeline id={id} canCancel={access.user.role === 'operations'} />
      </HydrateClient>
    </>
  );
}
