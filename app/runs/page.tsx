import type { Metadata } from 'next';
import { EmptyState } from '@/components/empty-state';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { RunsTable } from '@/components/runs/runs-table';
import { requirePage } from '@/lib/auth/server';
import { caller } from '@/lib/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Runs' };

const LIMIT = 50;

export default async function RunsPage() {
  const access = await requirePage('/runs');
  if (!access.allowed) return <Forbidden role={access.user.role} page="Runs" />;
  const { items, nextCursor } = await caller.run.find({ limit: LIMIT });
  return (
    <>
      <PageHeading title="Runs">
        {nextCursor ? `The latest ${LIMIT} runs, newest first.` : 'Every run, newest first.'}
      </PageHeading>
      {items.length === 0 ? (
        <EmptyState title="No runs yet">
          Runs appear here as soon as a workflow is started.
        </EmptyState>
      ) : (
        <RunsTable runs={items} />
      )}
    </>
  );
}
