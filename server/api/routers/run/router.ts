import { createTRPCRouter } from '../../trpc.ts';
import { cancelRunProcedure } from './cancel-run.ts';
import { findRunsProcedure } from './find-runs.ts';
import { getRunProcedure } from './get-run.ts';
import { getRunDocumentsProcedure } from './get-run-documents.ts';

/** Runs of workflows: the filtered list, one run's timeline, and cancelling one. */
export const runRouter = createTRPCRouter({
  find: findRunsProcedure,
  get: getRunProcedure,
  documents: getRunDocumentsProcedure,
  cancel: cancelRunProcedure,
});
