import type { ProcedureMeta } from '../../../server/api/trpc.ts';

/** Who may call the run procedures: the decision, once per procedure (see roles.test.ts). */
export const RUN_ROLES: Record<string, ProcedureMeta['roles']> = {
  'run.find': ['requester', 'reviewer', 'operations'],
};
