import { createTRPCRouter } from '../../trpc.ts';
import { findRunsProcedure } from './find-runs.ts';

/** Runs of workflows: lists now; detail, timeline and cancel come with the runs console. */
export const runRouter = createTRPCRouter({
  find: findRunsProcedure,
});
