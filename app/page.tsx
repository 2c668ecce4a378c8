import { ChartsOverview } from '@/components/dashboard/charts-overview';
import { CountsOverview } from '@/components/dashboard/counts-overview';
import { PageHeading } from '@/components/page-heading';
import { requirePage } from '@/lib/auth/server';
import { getQueryClient, HydrateClient, trpc } from '@/lib/trpc/server';

// Live figures from the database: rendered per request, never at build time.
export const dynamic = 'force-dynamic';

export default async function HomePage() {
  await requirePage('/');
  // Awaited, so the first HTML already holds the numbers; the client keeps them live.
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.dashboard.getCounts.queryOptions()),
    queryClient.prefetchQuery(trpc.dashboard.charts.queryOptions()),
  ]);
  return (
    <>
      <PageHeading title="Operations overview">
        What Steward is doing right now, and what is waiting for people.
      </PageHeading>
      <HydrateClient>
        <CountsOverview />
        <ChartsOverview />
      </HydrateClient>
    </>
  );
}
