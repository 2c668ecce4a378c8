import {
  findDeadLetters,
  ZFindDeadLettersSchema,
} from '../../../dead-letters/find-dead-letters.ts';
import { ZDeadLetterPageSchema } from '../../../dead-letters/schemas.ts';
import { getEnginePool } from '../../../engine/pool.ts';
import { procedureFor } from '../../trpc.ts';

/**
 * `deadLetter.list`: open dead letters, oldest first, a page at a time (an opaque cursor), of
 * one group or by the filters, each with its run's input, and how many match in all.
 */
export const findDeadLettersProcedure = procedureFor('operations')
  .input(ZFindDeadLettersSchema.default({ limit: 100 }))
  .output(ZDeadLetterPageSchema)
  .query(({ input }) => findDeadLetters(getEnginePool(), input));
