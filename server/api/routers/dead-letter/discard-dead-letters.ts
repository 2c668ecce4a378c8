import { z } from 'zod';
import { discardDeadLetters } from '../../../dead-letters/discard-dead-letters.ts';
import { ZDiscardDeadLettersSchema, ZDiscardOutcomeSchema } from '../../../dead-letters/schemas.ts';
import { getEnginePool } from '../../../engine/pool.ts';
import { procedureFor } from '../../trpc.ts';

/**
 * `deadLetter.discard`: closes the open dead letters of up to 500 runs with a required reason,
 * as the operator; the runs stay dead. Answered per run.
 */
export const discardDeadLettersProcedure = procedureFor('operations')
  .input(ZDiscardDeadLettersSchema)
  .output(z.array(ZDiscardOutcomeSchema))
  .mutation(({ ctx, input }) =>
    discardDeadLetters(getEnginePool(), { ...input, actorId: ctx.user.id }),
  );
