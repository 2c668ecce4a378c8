'use client';

import type { RefObject } from 'react';

/** The queue's filters, kept in the URL (`/review?workflowId=…&risk=high`). */
export interface ReviewFilters {
  workflowId?: string | undefined;
  reason?: string | undefined;
  risk?: 'low' | 'medium' | 'high' | undefined;
  minAgeMinutes?: number | undefined;
}

/** The filters as a query string (empty when none). */
export function filtersToQuery(filters: ReviewFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

const AGES = [
  ['', 'Any age'],
  ['60', 'Older than 1 h'],
  ['1440', 'Older than 1 day'],
] as const;

/** Workflow, reason, risk and age; `/` focuses the reason box. */
export function ReviewFilterBar(props: {
  filters: ReviewFilters;
  workflows?: { id: string; title: string }[];
  inputRef: RefObject<HTMLInputElement | null>;
  onChange(filters: ReviewFilters): void;
  singleKeys: boolean;
  onSingleKeys(on: boolean): void;
}) {
  const { filters } = props;
  const set = (change: Partial<ReviewFilters>) => props.onChange({ ...filters, ...change });
  return (
    <search aria-label="Filter the queue">
      <form
        aria-label="Filters"
        className="flex flex-wrap items-end gap-3 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          const value = props.inputRef.current?.value.trim();
          set({ reason: value ? value : undefined });
        }}
      >
        <label className="flex flex-col text-xs text-slate-600">
          Reason code (/)
          <input
            ref={props.inputRef}
            name="reason"
            defaultValue={filters.reason ?? ''}
            placeholder="e.g. amount-within-tolerance"
            className="mt-1 w-64 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Workflow
          <select
            value={filters.workflowId ?? ''}
            onChange={(event) => set({ workflowId: event.target.value || undefined })}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            <option value="">All workflows</option>
            {(props.workflows ?? []).map((workflow) => (
              <option key={workflow.id} value={workflow.id}>
                {workflow.title}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Risk
          <select
            value={filters.risk ?? ''}
            onChange={(event) => {
              const value = event.target.value;
              set({
                risk: value === 'low' || value === 'medium' || value === 'high' ? value : undefined,
              });
            }}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            <option value="">Any risk</option>
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Age
          <select
            value={filters.minAgeMinutes === undefined ? '' : String(filters.minAgeMinutes)}
            onChange={(event) =>
              set({ minAgeMinutes: event.target.value ? Number(event.target.value) : undefined })
            }
            className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            {AGES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="ml-auto flex items-center gap-2 text-xs text-slate-600">
          <input
            type="checkbox"
            checked={props.singleKeys}
            onChange={(event) => props.onSingleKeys(event.target.checked)}
          />
          Single-key shortcuts
        </label>
      </form>
    </search>
  );
}
