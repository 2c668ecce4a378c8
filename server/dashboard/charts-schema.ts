/**
 * The shape of the home page's charts (`dashboard.charts`): what the service returns and the
 * procedure declares as its output. Every series is complete: a day or hour with nothing in it
 * is there with zeros, so a chart never guesses at a gap.
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();

/** The days a chart may cover, and the default: two weeks. */
export const CHART_DAYS = { min: 1, max: 90, default: 14 } as const;

/** The age buckets of the open review queue, youngest first. */
export const REVIEW_AGE_BUCKETS = ['under1h', 'from1hTo24h', 'from1dTo7d', 'over7d'] as const;

/** Runs created on one UTC day, by how they stand now. */
export const ZRunsDaySchema = z.object({
  /** The UTC day, `YYYY-MM-DD`. */
  day: z.string(),
  succeeded: count,
  failed: count,
  dead: count,
  cancelled: count,
  /** Not finished yet: queued, running, sleeping, waiting, needs review or reconciliation. */
  open: count,
});
export type TRunsDay = z.infer<typeof ZRunsDaySchema>;

/** The failure rate of one UTC day's runs: failed and dead over the finished ones. */
export const ZFailureDaySchema = z.object({
  day: z.string(),
  failed: count,
  finished: count,
  /** `failed / finished` from 0 to 1; null on a day with no finished run. */
  rate: z.number().min(0).max(1).nullable(),
});
export type TFailureDay = z.infer<typeof ZFailureDaySchema>;

/** One root-cause group of open dead letters. */
export const ZDeadLetterGroupSchema = z.object({
  groupKey: z.string(),
  workflowId: z.string(),
  stepId: z.string(),
  errorClass: z.string(),
  count,
  oldestAt: z.date(),
});
export type TDeadLetterGroup = z.infer<typeof ZDeadLetterGroupSchema>;

/** The open review queue (pending and escalated items) by age. */
export const ZReviewQueueSchema = z.object({
  open: count,
  buckets: z.array(z.object({ bucket: z.enum(REVIEW_AGE_BUCKETS), count })),
  oldestAt: z.date().nullable(),
  /** How long the oldest open item has waited, in seconds; null when the queue is empty. */
  oldestAgeSeconds: z.number().nonnegative().nullable(),
});
export type TReviewQueue = z.infer<typeof ZReviewQueueSchema>;

/** Review decisions made in one hour, by verdict. */
export const ZDecisionsHourSchema = z.object({
  /** The start of the hour (UTC). */
  hour: z.date(),
  approved: count,
  rejected: count,
});
export type TDecisionsHour = z.infer<typeof ZDecisionsHourSchema>;

/** Everything the home page's charts draw. */
export const ZDashboardChartsSchema = z.object({
  days: z.number().int().min(CHART_DAYS.min).max(CHART_DAYS.max),
  generatedAt: z.date(),
  runsPerDay: z.array(ZRunsDaySchema),
  failureRate: z.array(ZFailureDaySchema),
  deadLetterGroups: z.array(ZDeadLetterGroupSchema),
  /** Open dead letters in all groups, also those beyond the groups listed. */
  deadLettersOpen: count,
  reviewQueue: ZReviewQueueSchema,
  decisionsPerHour: z.array(ZDecisionsHourSchema),
});
export type TDashboardCharts = z.infer<typeof ZDashboardChartsSchema>;
