import type { ProcedureMeta } from '../../../server/api/trpc.ts';

/** Who may call the workflow procedures: the decision, once per procedure (see roles.test.ts). */
export const WORKFLOW_ROLES: Record<string, ProcedureMeta['roles']> = {
  'workflow.list': ['requester', 'operations'],
  'workflow.form': ['requester', 'operations'],
  'workflow.start': ['requester', 'operations'],
};
