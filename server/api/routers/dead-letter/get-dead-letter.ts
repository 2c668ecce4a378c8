import { z } from 'zod';
import { getDeadLetter } from '../../../dead-letters/get-dead-letter.ts';
import { ZDeadLetterDetailSchema } from '../../../dead-letters/schemas.ts';
import { getEnginePool } from '../../../engine/pool.ts';
import { registry } from '../../../workflows/index.ts';
import { procedureFor } from '../../trpc.ts';

/**
 * `deadLetter.get`: one run's dead letter with its error, stack, the failed step's attempts,
 * the run's input and the workflow's input JSON Schema; NOT_FOUND when it has none.
 */
export const getDeadLetterProcedure = procedureFor('operations')
  .input(z.object({ runId: z.uuid() }))
  .output(ZDeadLetterDetailSchema)
  .query(({ input }) => getDeadLetter(getEnginePool(), registry, input));
