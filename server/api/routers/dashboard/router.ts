import { createTRPCRouter } from '../../trpc.ts';
import { getChartsProcedure } from './get-charts.ts';
import { getCountsProcedure } from './get-counts.ts';

/** The operations home page's figures and charts. */
export const dashboardRouter = createTRPCRouter({
  getCounts: getCountsProcedure,
  charts: getChartsProcedure,
});
