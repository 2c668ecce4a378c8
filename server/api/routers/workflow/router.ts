import { createTRPCRouter } from '../../trpc.ts';

/** Workflows: the catalogue and starting runs from forms. */
export const workflowRouter = createTRPCRouter({});
