import type { ProcedureMeta } from '../../../server/api/trpc.ts';

/** Who may call the dashboard procedures: the decision, once per procedure (see roles.test.ts). */
export const DASHBOARD_ROLES: Record<string, ProcedureMeta['roles']> = {
  'dashboard.getCounts': ['requester', 'reviewer', 'operations', 'admin'],
  // Everyone sees the charts; a requester's cover only their own runs (tested in dashboard-charts).
  'dashboard.charts': ['requester', 'reviewer', 'operations', 'admin'],
};
