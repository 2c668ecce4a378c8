import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { filtersFromSearchParams, runsQueryInput } from '@/components/runs/run-filters';
import { RunsConsole } from '@/components/runs/runs-console';
import { requirePage } from '@/lib/auth/server';
import { getQueryClient, HydrateClient, trpc } from '@/lib/trpc/server';
import { registry } from '@/server/workflows';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Runs' };

export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await requirePage('/runs');
  if (!access.allowed) return <Forbidden role={access.user.role} page="Runs" />;
  const filters = filtersFromSearchParams(await searchParams);
  await getQueryClient().prefetchInfiniteQuery(
    trpc.run.find.infiniteQueryOptions(runsQueryInput(filters), {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  return (
    <>
      <PageHeading title="Runs">
        {access.user.role === 'requester'
          ? 'The runs you asked for, newest first, updated as they move.'
          : 'Every run, newest first, updated as they move.'}
      </PageHeading>
      <HydrateClient>
        <RunsConsole
          filters={filters}
          workflows={registry
            .list()
            .map((workflow) => ({ id: workflow.id, title: workflow.title }))}
        />
      </HydrateClient>
    </>
  );
}
