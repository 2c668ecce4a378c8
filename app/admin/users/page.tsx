import type { Metadata } from 'next';
import { UsersTable } from '@/components/admin/users-table';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { requirePage } from '@/lib/auth/server';
import { getQueryClient, HydrateClient, trpc } from '@/lib/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const access = await requirePage('/admin/users');
  if (!access.allowed) return <Forbidden role={access.user.role} page="Users" />;
  await getQueryClient().prefetchQuery(trpc.user.list.queryOptions());
  return (
    <>
      <PageHeading title="Users">
        Who may use Steward, and in which role. A role change ends that person's sessions.
      </PageHeading>
      <HydrateClient>
        <UsersTable currentUserId={access.user.id} />
      </HydrateClient>
    </>
  );
}
