import type { Metadata } from 'next';
import { z } from 'zod';
import { DeadLetterConsole } from '@/components/dead-letters/dead-letter-console';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { requirePage } from '@/lib/auth/server';
import { getQueryClient, HydrateClient, trpc } from '@/lib/trpc/server';
import { registry } from '@/server/workflows';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Dead letters' };

const ZFilters = z.object({
  workflowId: z.string().min(1).max(200).optional().catch(undefined),
  errorClass: z.string().min(1).max(200).optional().catch(undefined),
  stepId: z.string().min(1).max(200).optional().catch(undefined),
  minAgeMinutes: z.coerce.number().int().min(0).max(525_600).optional().catch(undefined),
  group: z.string().min(1).max(400).optional().catch(undefined),
});

export default async function DeadLetterPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await requirePage('/admin/dead-letter');
  if (!access.allowed) return <Forbidden role={access.user.role} page="Dead letters" />;
  const filters = ZFilters.parse(await searchParams);
  const { group, ...where } = filters;
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.deadLetter.groups.queryOptions(where)),
    queryClient.prefetchInfiniteQuery(
      trpc.deadLetter.list.infiniteQueryOptions(
        { ...where, groupKey: group, limit: 100 },
        { getNextPageParam: (page) => page.nextCursor ?? undefined },
      ),
    ),
  ]);
  return (
    <>
      <PageHeading title="Dead letters">
        Runs that failed after every retry and fallback, grouped by root cause. <kbd>j</kbd>/
        <kbd>k</kbd> move, <kbd>x</kbd> selects, <kbd>Enter</kbd> inspects, <kbd>⇧R</kbd> replays,{' '}
        <kbd>?</kbd> shows every key.
      </PageHeading>
      <HydrateClient>
        <DeadLetterConsole
          filters={filters}
          workflows={registry
            .list()
            .map((workflow) => ({ id: workflow.id, title: workflow.title }))}
        />
      </HydrateClient>
    </>
  );
}
