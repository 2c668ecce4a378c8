import { z } from 'zod';
import { CHART_DAYS, ZDashboardChartsSchema } from '../../../dashboard/charts-schema.ts';
import { getCharts } from '../../../dashboard/get-charts.ts';
import { procedureFor } from '../../trpc.ts';

export const ZGetChartsInputSchema = z
  .object({
    /** How many UTC days, today included, the daily charts cover. */
    days: z
      .number()
      .int('Days must be a whole number')
      .min(CHART_DAYS.min)
      .max(CHART_DAYS.max)
      .default(CHART_DAYS.default),
  })
  .default({ days: CHART_DAYS.default });

/**
 * `dashboard.charts`: the home page's charts (runs per day by outcome, failure rate, dead
 * letters by group, review queue by age, decisions per hour). Every role reads them; a
 * requester's figures cover only the runs they requested, as `dashboard.getCounts` does.
 */
export const getChartsProcedure = procedureFor('requester', 'reviewer', 'operations', 'admin')
  .input(ZGetChartsInputSchema)
  .output(ZDashboardChartsSchema)
  .query(({ ctx, input }) =>
    getCharts(ctx.db, {
      days: input.days,
      requestedById: ctx.user.role === 'requester' ? ctx.user.id : undefined,
    }),
  );
