import type { Metadata } from 'next';
import { z } from 'zod';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { ReviewConsole } from '@/components/review/review-console';
import { requirePage } from '@/lib/auth/server';
import { getQueryClient, HydrateClient, trpc } from '@/lib/trpc/server';
import { registry } from '@/server/workflows';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Review' };

const ZFilters = z.object({
  workflowId: z.string().min(1).max(200).optional().catch(undefined),
  reason: z.string().min(1).max(200).optional().catch(undefined),
  risk: z.enum(['low', 'medium', 'high']).optional().catch(undefined),
  minAgeMinutes: z.coerce.number().int().min(0).max(525_600).optional().catch(undefined),
});

export default async function ReviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await requirePage('/review');
  if (!access.allowed) return <Forbidden role={access.user.role} page="Review" />;
  const filters = ZFilters.parse(await searchParams);
  await getQueryClient().prefetchInfiniteQuery(
    trpc.review.list.infiniteQueryOptions(
      { ...filters, limit: 100 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  return (
    <>
      <PageHeading title="Review">
        Runs Steward held back for a person. <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approves,{' '}
        <kbd>r</kbd> rejects, <kbd>?</kbd> shows every key.
      </PageHeading>
      <HydrateClient>
        <ReviewConsole
          filters={filters}
          workflows={registry
            .list()
            .map((workflow) => ({ id: workflow.id, title: workflow.title }))}
        />
      </HydrateClient>
    </>
  );
}
