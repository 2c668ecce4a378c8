'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/react';
import { DeadLetterGroupsChart } from './charts/dead-letter-groups-chart';
import { DecisionsPerHourChart } from './charts/decisions-per-hour-chart';
import { FailureRateChart } from './charts/failure-rate-chart';
import { ReviewQueueChart } from './charts/review-queue-chart';
import { RunsPerDayChart } from './charts/runs-per-day-chart';

/** How often the charts follow the database while the page is open. */
export const CHARTS_REFRESH_MS = 12_000;

/**
 * The home page's five charts, read from `dashboard.charts` (prefetched by the server render)
 * and refreshed every CHARTS_REFRESH_MS. Each chart has a title and its numbers as a table.
 */
export function ChartsOverview() {
  const trpc = useTRPC();
  const charts = useQuery({
    ...trpc.dashboard.charts.queryOptions(),
    refetchInterval: CHARTS_REFRESH_MS,
  });

  return (
    <section aria-labelledby="charts-heading" className="mt-10">
      <div className="mb-3 flex items-baseline justify-between gap-4">
        <h2 id="charts-heading" className="text-base font-semibold text-slate-900">
          Trends
        </h2>
        <p className="text-xs text-slate-500" role="status">
          {charts.isRefetchError
            ? 'Live updates paused: the last refresh failed. Showing the last known charts.'
            : `Live, refreshed every ${CHARTS_REFRESH_MS / 1000} s`}
        </p>
      </div>
      {charts.data ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <RunsPerDayChart days={charts.data.runsPerDay} />
          <FailureRateChart days={charts.data.failureRate} />
          <DeadLetterGroupsChart
            groups={charts.data.deadLetterGroups}
            total={charts.data.deadLettersOpen}
            now={charts.data.generatedAt}
          />
          <ReviewQueueChart queue={charts.data.reviewQueue} />
          <DecisionsPerHourChart hours={charts.data.decisionsPerHour} />
        </div>
      ) : (
        <p role="status" className="rounded-lg border border-slate-200 bg-white p-5 text-sm">
          {charts.isError
            ? 'The charts could not be loaded. Retrying automatically.'
            : 'Loading charts…'}
        </p>
      )}
    </section>
  );
}
