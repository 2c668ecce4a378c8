'use client';

import type { RefObject } from 'react';

/** The admin's filters and selected group, kept in the URL (`/admin/dead-letter?workflowId=…`). */
export interface DeadLetterFilters {
  workflowId?: string | undefined;
  errorClass?: string | undefined;
  stepId?: string | undefined;
  minAgeMinutes?: number | undefined;
  group?: string | undefined;
}

/** The filters as a query string (empty when none). */
export function filtersToQuery(filters: DeadLetterFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** How long ago, in the unit people read fastest. */
export function ageOf(date: Date, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - date.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} d`;
}

const AGES = [
  ['', 'Any age'],
  ['60', 'Older than 1 h'],
  ['1440', 'Older than 1 day'],
  ['10080', 'Older than 1 week'],
] as const;

/** Workflow, error class, step and age; `/` focuses the error class box. */
export function DeadLetterFilterBar(props: {
  filters: DeadLetterFilters;
  workflows: { id: string; title: string }[];
  inputRef: RefObject<HTMLInputElement | null>;
  onChange(filters: DeadLetterFilters): void;
  singleKeys: boolean;
  onSingleKeys(on: boolean): void;
}) {
  const { filters } = props;
  const set = (change: Partial<DeadLetterFilters>) =>
    props.onChange({ ...filters, group: undefined, ...change });
  return (
    <search aria-label="Filter dead letters">
      <form
        aria-label="Filters"
        className="flex flex-wrap items-end gap-3 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const text = (name: string) => {
            const value = data.get(name);
            return typeof value === 'string' && value.trim() ? value.trim() : undefined;
          };
          set({ errorClass: text('errorClass'), stepId: text('stepId') });
        }}
      >
        <label className="flex flex-col text-xs text-slate-600">
          Error class (/)
          <input
            ref={props.inputRef}
            name="errorClass"
            defaultValue={filters.errorClass ?? ''}
            placeholder="e.g. NotFoundInSystemError"
            className="mt-1 w-56 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Step
          <input
            name="stepId"
            defaultValue={filters.stepId ?? ''}
            placeholder="e.g. tool:get-invoice"
            className="mt-1 w-48 rounded-md border border-slate-300 px-2 py-1 text-sm"
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
            {props.workflows.map((workflow) => (
              <option key={workflow.id} value={workflow.id}>
                {workflow.title}
              </option>
            ))}
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
        <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 text-sm">
          Apply
        </button>
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
