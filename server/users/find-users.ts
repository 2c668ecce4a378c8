import type { DbHandle } from '../db/client.ts';

/** Every user with their role, for the admin page, by email. */
export function findUsers(db: DbHandle) {
  return db.user.findMany({
    select: { id: true, email: true, name: true, role: true, createdAt: true },
    orderBy: { email: 'asc' },
  });
}
