'use client';

import type { TRunsFilters } from './run-filters';
import { RUN_STATUS_DISPLAY, RUN_STATUSES } from './run-status';

const AGES = [
  ['', 'Any age'],
  ['60', 'Last hour'],
  ['1440', 'Last day'],
  ['10080', 'Last 7 days'],
] as const;

/** Status, workflow, requester and age; each change becomes the page's URL. */
export function RunsFilterBar(props: {
  filters: TRunsFilters;
  workflows: { id: string; title: string }[];
  onChange(filters: TRunsFilters): void;
}) {
  const { filters } = props;
  const set = (change: Partial<TRunsFilters>) => props.onChange({ ...filters, ...change });
  return (
    <search aria-label="Filter runs">
      <form
        aria-label="Filters"
        className="mb-4 flex flex-wrap items-end gap-3 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          const value = new FormData(event.currentTarget).get('requester');
          const requester = typeof value === 'string' ? value.trim() : '';
          set({ requester: requester || undefined });
        }}
      >
        <label className="flex flex-col text-xs text-slate-600">
          Status
          <select
            value={filters.statuses?.length === 1 ? filters.statuses[0] : ''}
            onChange={(event) => {
              const status = RUN_STATUSES.find((value) => value === event.target.value);
              set({ statuses: status ? [status] : undefined });
            }}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            <option value="">Any status</option>
            {RUN_STATUSES.map((status) => (
              <option key={status} value={status}>
                {RUN_STATUS_DISPLAY[status].label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Workflow
          <select
            value={filters.workflowId ?? ''}
            onChange={(event) => set({ workflowId: event.target.value || undefined })}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            <option value="">All workflows</option>
            {props.workflows.map((workflow) => (
              <option key={workflow.id} value={workflow.id}>
                {workflow.title}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Requester (name or email)
          <input
            key={filters.requester ?? ''}
            name="requester"
            defaultValue={filters.requester ?? ''}
            className="mt-1 w-56 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Age
          <select
            value={filters.maxAgeMinutes ? String(filters.maxAgeMinutes) : ''}
            onChange={(event) => {
              const minutes = Number(event.target.value);
              set({ maxAgeMinutes: minutes > 0 ? minutes : undefined });
            }}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            {AGES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm text-slate-700"
        >
          Apply
        </button>
        <button
          type="button"
          onClick={() => props.onChange({})}
          className="px-2 py-1 text-sm text-slate-500 underline"
        >
          Clear
        </button>
      </form>
    </search>
  );
}
