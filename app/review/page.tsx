import type { Metadata } from 'next';
import { EmptyState } from '@/components/empty-state';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { requirePage } from '@/lib/auth/server';
import { caller } from '@/lib/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Review' };

export default async function ReviewPage() {
  const access = await requirePage('/review');
  if (!access.allowed) return <Forbidden role={access.user.role} page="Review" />;
  const { reviewPending } = await caller.dashboard.getCounts();
  return (
    <>
      <PageHeading title="Review">Runs that Steward held back for a person to decide.</PageHeading>
      {reviewPending === 0 ? (
        <EmptyState title="Nothing is waiting for review">
          Runs that break a rule or cross a risk threshold will appear here.
        </EmptyState>
      ) : (
        <EmptyState
          title={`${reviewPending} ${reviewPending === 1 ? 'item is' : 'items are'} waiting for review`}
        >
          The review console, where you approve or reject them, is not built yet.
        </EmptyState>
      )}
    </>
  );
}
