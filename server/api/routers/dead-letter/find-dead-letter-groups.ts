import { z } from 'zod';
import { findDeadLetterGroups } from '../../../dead-letters/find-dead-letter-groups.ts';
import { ZDeadLetterFiltersSchema, ZDeadLetterGroupSchema } from '../../../dead-letters/schemas.ts';
import { getEnginePool } from '../../../engine/pool.ts';
import { procedureFor } from '../../trpc.ts';

/**
 * `deadLetter.groups`: open dead letters by root cause (workflow, step, error class, normalised
 * message) with their count and the oldest and newest, filtered by workflow, step, error class
 * and age. Operations only.
 */
export const findDeadLetterGroupsProcedure = procedureFor('operations')
  .input(ZDeadLetterFiltersSchema.default({}))
  .output(z.array(ZDeadLetterGroupSchema))
  .query(({ input }) => findDeadLetterGroups(getEnginePool(), input));
