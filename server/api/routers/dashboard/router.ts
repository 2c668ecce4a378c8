import { createTRPCRouter } from '../../trpc.ts';
import { getCountsProcedure } from './get-counts.ts';

/** The operations home page's figures. */
export const dashboardRouter = createTRPCRouter({
  getCounts: getCountsProcedure,
});
