import type { ProcedureMeta } from '../../../server/api/trpc.ts';

/** Who may call the dashboard procedures: the decision, once per procedure (see roles.test.ts). */
export const DASHBOARD_ROLES: Record<string, ProcedureMeta['roles']> = {
  'dashboard.getCounts': ['requester', 'reviewer', 'operations', 'admin'],
};
