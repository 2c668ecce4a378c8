'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { EmptyState } from '@/components/empty-state';
import { useTRPC } from '@/lib/trpc/react';
import { filtersToQuery, runsQueryInput, type TRunsFilters } from './run-filters';
import { RunsFilterBar } from './runs-filter-bar';
import { RunsTable } from './runs-table';

/** How often the list asks again, so a moving run changes status on screen by itself. */
const RUNS_REFETCH_MS = 2_500;

/** The live runs list: filters kept in the URL, refetched every few seconds, more on request. */
export function RunsConsole({
  filters,
  workflows,
}: {
  filters: TRunsFilters;
  workflows: { id: string; title: string }[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const runs = useInfiniteQuery(
    trpc.run.find.infiniteQueryOptions(runsQueryInput(filters), {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      refetchInterval: RUNS_REFETCH_MS,
    }),
  );
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];
  const titles = Object.fromEntries(workflows.map((workflow) => [workflow.id, workflow.title]));
  const isFiltered = Object.keys(filters).length > 0;
  return (
    <>
      <RunsFilterBar
        filters={filters}
        workflows={workflows}
        onChange={(next) => router.replace(`/runs${filtersToQuery(next)}`)}
      />
      {runs.isError ? (
        <p role="alert" className="mb-3 text-sm text-rose-700">
          The runs could not be loaded: {runs.error.message}
        </p>
      ) : null}
      {items.length === 0 && !runs.isPending ? (
        <EmptyState title={isFiltered ? 'No runs match these filters' : 'No runs yet'}>
          {isFiltered
            ? 'Clear a filter to see more runs.'
            : 'Runs appear here as soon as a workflow is started.'}
        </EmptyState>
      ) : (
        <RunsTable runs={items} now={runs.dataUpdatedAt || Date.now()} workflowTitles={titles} />
      )}
      {runs.hasNextPage ? (
        <button
          type="button"
          disabled={runs.isFetchingNextPage}
          onClick={() => void runs.fetchNextPage()}
          className="mt-3 rounded-md border border-slate-300 bg-white px-3 py-1 text-sm text-slate-700"
        >
          {runs.isFetchingNextPage ? 'Loading…' : 'Show older runs'}
        </button>
      ) : null}
    </>
  );
}
