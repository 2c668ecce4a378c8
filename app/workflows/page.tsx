import type { Metadata } from 'next';
import { EmptyState } from '@/components/empty-state';
import { PageHeading } from '@/components/page-heading';

export const metadata: Metadata = { title: 'Workflows' };

export default function WorkflowsPage() {
  return (
    <>
      <PageHeading title="Workflows">
        The processes Steward can run, and how to start one.
      </PageHeading>
      <EmptyState title="No workflows are registered yet">
        Workflows are defined in code; once one is registered, you can start it from here.
      </EmptyState>
    </>
  );
}
