import type { Metadata } from 'next';
import { EmptyState } from '@/components/empty-state';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { requirePage } from '@/lib/auth/server';
import { caller } from '@/lib/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Dead letters' };

export default async function DeadLetterPage() {
  const access = await requirePage('/admin/dead-letter');
  if (!access.allowed) return <Forbidden role={access.user.role} page="Dead letters" />;
  const { deadLettersOpen } = await caller.dashboard.getCounts();
  return (
    <>
      <PageHeading title="Dead letters">
        Runs that failed after every retry and fallback, kept until someone replays or discards
        them.
      </PageHeading>
      {deadLettersOpen === 0 ? (
        <EmptyState title="No open dead letters">Every failed run has been dealt with.</EmptyState>
      ) : (
        <EmptyState
          title={`${deadLettersOpen} open dead ${deadLettersOpen === 1 ? 'letter' : 'letters'}`}
        >
          Tools to inspect, replay and discard them are not built yet.
        </EmptyState>
      )}
    </>
  );
}
