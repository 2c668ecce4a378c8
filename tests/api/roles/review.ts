import type { ProcedureMeta } from '../../../server/api/trpc.ts';

/** Who may call the review procedures: the decision, once per procedure (see roles.test.ts). */
export const REVIEW_ROLES: Record<string, ProcedureMeta['roles']> = {
  'review.decide': ['reviewer'],
  // Four-eyes like a decision: not on a run the reviewer requested (tests/documents).
  'review.correct': ['reviewer'],
  'review.get': ['reviewer'],
  'review.list': ['reviewer'],
  'review.reasons': ['reviewer'],
  'review.stats': ['reviewer'],
};
