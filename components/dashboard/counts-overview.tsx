'use client';

import { useQuery } from '@tanstack/react-query';
import type { Route } from 'next';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc/react';
import { RUN_STATUS_DISPLAY, RUN_STATUSES } from '../runs/run-status';

/** How often the figures follow the database while the page is open. */
export const COUNTS_REFRESH_MS = 5_000;

function SummaryCard({
  label,
  value,
  testId,
  href,
  hint,
}: {
  label: string;
  value: number;
  testId: string;
  href: Route;
  hint: string;
}) {
  return (
    <div className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <dl>
        <dt className="text-sm font-medium text-slate-500">{label}</dt>
        <dd
          className="mt-2 text-3xl font-semibold tabular-nums text-slate-900"
          data-testid={testId}
        >
          {value}
        </dd>
      </dl>
      <Link
        href={href}
        className="mt-3 text-sm text-slate-600 underline-offset-4 hover:text-slate-900 hover:underline"
      >
        {hint}
      </Link>
    </div>
  );
}

/**
 * The live figures of the home page. The server render prefetches them (app/page.tsx), so the
 * first HTML already holds the numbers; in the browser the same query refetches every few
 * seconds. A failed refresh keeps the last figures and says so.
 */
export function CountsOverview() {
  const trpc = useTRPC();
  const counts = useQuery({
    ...trpc.dashboard.getCounts.queryOptions(),
    refetchInterval: COUNTS_REFRESH_MS,
  });

  if (!counts.data) {
    return (
      <p role="status" className="rounded-lg border border-slate-200 bg-white p-5 text-sm">
        {counts.isError
          ? 'The figures could not be loaded. Retrying automatically.'
          : 'Loading figures…'}
      </p>
    );
  }
  const { runsByStatus, runsTotal, reviewPending, deadLettersOpen } = counts.data;

  return (
    <div className="space-y-10">
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading" className="sr-only">
          Summary
        </h2>
        <div className="grid gap-4 sm:grid-cols-3">
          <SummaryCard
            label="Awaiting review"
            value={reviewPending}
            testId="count-review-pending"
            href="/review"
            hint="Open the review queue"
          />
          <SummaryCard
            label="Open dead letters"
            value={deadLettersOpen}
            testId="count-dead-letters-open"
            href="/admin/dead-letter"
            hint="Open the dead-letter queue"
          />
          <SummaryCard
            label="Total runs"
            value={runsTotal}
            testId="count-runs-total"
            href="/runs"
            hint="See the latest runs"
          />
        </div>
      </section>

      <section aria-labelledby="runs-by-status-heading">
        <div className="mb-3 flex items-baseline justify-between gap-4">
          <h2 id="runs-by-status-heading" className="text-base font-semibold text-slate-900">
            Runs by status
          </h2>
          <p className="text-xs text-slate-500" role="status">
            {counts.isRefetchError
              ? 'Live updates paused: the last refresh failed. Showing the last known figures.'
              : `Live, refreshed every ${COUNTS_REFRESH_MS / 1000} s`}
          </p>
        </div>
        <dl className="grid grid-cols-2 gap-px overflow-hidden rounded-lg border border-slate-200 bg-slate-200 sm:grid-cols-5">
          {RUN_STATUSES.map((status) => (
            <div key={status} className="bg-white p-4">
              <dt className="flex items-center gap-2 text-xs font-medium text-slate-500">
                <span
                  aria-hidden="true"
                  className={`h-2 w-2 rounded-full ${RUN_STATUS_DISPLAY[status].dot}`}
                />
                {RUN_STATUS_DISPLAY[status].label}
              </dt>
              <dd
                className="mt-1 text-2xl font-semibold tabular-nums text-slate-900"
                data-testid={`count-${status}`}
              >
                {runsByStatus[status]}
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
