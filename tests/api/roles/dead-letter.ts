import type { ProcedureMeta } from '../../../server/api/trpc.ts';

/** Who may call the dead-letter procedures: the decision, once per procedure (see roles.test.ts). */
export const DEAD_LETTER_ROLES: Record<string, ProcedureMeta['roles']> = {
  'deadLetter.discard': ['operations'],
  'deadLetter.get': ['operations'],
  'deadLetter.groups': ['operations'],
  'deadLetter.list': ['operations'],
  'deadLetter.replay': ['operations'],
};
