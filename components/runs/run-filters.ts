import { z } from 'zod';
import { RunStatus } from '@/generated/prisma/enums';

const ZStatus = z.enum(RunStatus);

/**
 * The runs list's filters as the URL keeps them (`/runs?status=dead,failed&workflowId=…`), read
 * leniently: a value that does not parse is dropped, never an error page.
 */
export const ZRunsUrlFiltersSchema = z.object({
  status: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => ZStatus.safeParse(part.trim()).data)
        .filter((part) => part !== undefined),
    )
    .optional()
    .catch(undefined),
  workflowId: z.string().min(1).max(200).optional().catch(undefined),
  requester: z.string().min(1).max(200).optional().catch(undefined),
  maxAgeMinutes: z.coerce.number().int().min(1).max(525_600).optional().catch(undefined),
});

/** The filters of the runs list. */
export interface TRunsFilters {
  statuses?: RunStatus[] | undefined;
  workflowId?: string | undefined;
  requester?: string | undefined;
  maxAgeMinutes?: number | undefined;
}

/** Reads the filters from the page's search params. */
export function filtersFromSearchParams(params: Record<string, unknown>): TRunsFilters {
  const parsed = ZRunsUrlFiltersSchema.parse(
    Object.fromEntries(
      Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
    ),
  );
  const statuses = parsed.status && parsed.status.length > 0 ? parsed.status : undefined;
  return {
    ...(statuses ? { statuses } : {}),
    ...(parsed.workflowId ? { workflowId: parsed.workflowId } : {}),
    ...(parsed.requester ? { requester: parsed.requester } : {}),
    ...(parsed.maxAgeMinutes ? { maxAgeMinutes: parsed.maxAgeMinutes } : {}),
  };
}

/** The filters as a query string for `/runs` (empty when none). */
export function filtersToQuery(filters: TRunsFilters): string {
  const params = new URLSearchParams();
  if (filters.statuses && filters.statuses.length > 0)
    params.set('status', filters.statuses.join(','));
  if (filters.workflowId) params.set('workflowId', filters.workflowId);
  if (filters.requester) params.set('requester', filters.requester);
  if (filters.maxAgeMinutes) params.set('maxAgeMinutes', String(filters.maxAgeMinutes));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** How long ago, in words an operator scans quickly: "45 s", "12 min", "3 h", "2 d". */
export function formatAge(from: Date, now: number): string {
  const seconds = Math.max(0, Math.round((now - from.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** A duration in milliseconds, short: "850 ms", "2.4 s", "3 min 5 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Runs per page of the list. */
export const RUNS_PAGE_SIZE = 50;

/** The query the page prefetches and the console keeps fresh; both must build it alike. */
export function runsQueryInput(filters: TRunsFilters) {
  return { ...filters, limit: RUNS_PAGE_SIZE };
}
