import { createTRPCRouter } from '../../trpc.ts';
import { findRunsProcedure } from './find-runs.ts';
import { getRunProcedure } from './get-run.ts';

/** Runs of workflows: the filtered list and one run's timeline. */
export const runRouter = createTRPCRouter({
  find: findRunsProcedure,
  get: getRunProcedure,
});
