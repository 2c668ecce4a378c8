import { TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import { AppError } from '../../../app-error.ts';
import { replayDeadLetters } from '../../../dead-letters/replay-dead-letters.ts';
import { ZReplayDeadLettersSchema, ZReplayOutcomeSchema } from '../../../dead-letters/schemas.ts';
import { getEnginePool } from '../../../engine/pool.ts';
import { parseServerEnv } from '../../../env.ts';
import { engineDispatch } from '../../../runs/engine-dispatch.ts';
import { registry } from '../../../workflows/index.ts';
import { procedureFor } from '../../trpc.ts';

/**
 * A corrected input that does not fit the workflow leaves as BAD_REQUEST with the ZodError as
 * its cause, so the error formatter sends `appCode: BAD_INPUT` and the field errors the editor
 * shows next to each field.
 */
function withFieldErrors(error: unknown): never {
  if (error instanceof AppError && error.code === 'BAD_INPUT' && error.cause instanceof ZodError) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error.cause });
  }
  throw error;
}

/**
 * `deadLetter.replay`: replays up to 500 dead-lettered runs from the failed step, from the
 * start, or with corrected input (checked against the workflow's schema first: BAD_INPUT with
 * field errors, nothing replayed), as the operator, answered per run.
 */
export const replayDeadLettersProcedure = procedureFor('operations')
  .input(ZReplayDeadLettersSchema)
  .output(z.array(ZReplayOutcomeSchema))
  .mutation(({ ctx, input }) =>
    replayDeadLetters(getEnginePool(), registry, engineDispatch(parseServerEnv()), {
      ...input,
      actorId: ctx.user.id,
    }).catch(withFieldErrors),
  );
