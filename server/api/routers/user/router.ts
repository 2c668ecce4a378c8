import { z } from 'zod';
import { ROLES } from '../../../auth/roles.ts';
import { setUserRole } from '../../../auth/users.ts';
import { getEnginePool } from '../../../engine/pool.ts';
import { findUsers } from '../../../users/find-users.ts';
import { createTRPCRouter, procedureFor } from '../../trpc.ts';

/** Users and their roles: admins only. */
export const userRouter = createTRPCRouter({
  /** `user.list`: every user with their role. */
  list: procedureFor('admin')
    .output(
      z.array(
        z.object({
          id: z.string(),
          email: z.string(),
          name: z.string(),
          role: z.enum(ROLES),
          createdAt: z.date(),
        }),
      ),
    )
    .query(({ ctx }) => findUsers(ctx.db)),

  /** `user.setRole`: gives a user another role (audited; their sessions end). */
  setRole: procedureFor('admin')
    .input(z.object({ userId: z.uuid('Expected a user id'), role: z.enum(ROLES) }))
    .mutation(({ ctx, input }) =>
      setUserRole(getEnginePool(), {
        actorId: ctx.user.id,
        userId: input.userId,
        role: input.role,
      }),
    ),
});
