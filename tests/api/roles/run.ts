import type { ProcedureMeta } from '../../../server/api/trpc.ts';

/** Who may call the run procedures: the decision, once per procedure (see roles.test.ts). */
export const RUN_ROLES: Record<string, ProcedureMeta['roles']> = {
  'run.find': ['requester', 'reviewer', 'operations'],
  // A requester only their own runs (others' are NOT_FOUND; tests/api/run-timeline.test.ts).
  'run.get': ['requester', 'reviewer', 'operations'],
  // Operations only; audited with the reason (tests/api/run-cancel.test.ts).
  'run.cancel': ['operations'],
  // Like run.get: a requester only their own runs' documents.
  'run.documents': ['requester', 'reviewer', 'operations'],
};
