import type { ProcedureMeta } from '../../../server/api/trpc.ts';

/** Who may call the review procedures: the decision, once per procedure (see roles.test.ts). */
export const REVIEW_ROLES: Record<string, ProcedureMeta['roles']> = {
  'review.decide': ['reviewer'],
  'review.get': ['reviewer'],
  'review.list': ['reviewer'],
  'review.reasons': ['reviewer'],
  'review.stats': ['reviewer'],
};
