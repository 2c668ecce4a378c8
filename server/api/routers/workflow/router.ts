import { createTRPCRouter } from '../../trpc.ts';
import { getWorkflowFormProcedure } from './get-workflow-form.ts';
import { listWorkflowsProcedure } from './list-workflows.ts';
import { startWorkflowProcedure } from './start-workflow.ts';

/** Workflows: the catalogue, each one's input form, and starting runs from those forms. */
export const workflowRouter = createTRPCRouter({
  list: listWorkflowsProcedure,
  form: getWorkflowFormProcedure,
  start: startWorkflowProcedure,
});
