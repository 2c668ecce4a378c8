import type { ProcedureMeta } from '../../../server/api/trpc.ts';

/** Who may call the user procedures: the decision, once per procedure (see roles.test.ts). */
export const USER_ROLES: Record<string, ProcedureMeta['roles']> = {
  'user.list': ['admin'],
  'user.setRole': ['admin'],
};
