import { createTRPCRouter } from '../../trpc.ts';
import { discardDeadLettersProcedure } from './discard-dead-letters.ts';
import { findDeadLetterGroupsProcedure } from './find-dead-letter-groups.ts';
import { findDeadLettersProcedure } from './find-dead-letters.ts';
import { getDeadLetterProcedure } from './get-dead-letter.ts';
import { replayDeadLettersProcedure } from './replay-dead-letters.ts';

/** Dead letters: grouped by root cause, inspected, replayed and discarded by operations. */
export const deadLetterRouter = createTRPCRouter({
  groups: findDeadLetterGroupsProcedure,
  list: findDeadLettersProcedure,
  get: getDeadLetterProcedure,
  replay: replayDeadLettersProcedure,
  discard: discardDeadLettersProcedure,
});
