import { RunStatus } from '@/generated/prisma/enums';

/** How a status reads to an operator, and the colour family it is shown in. */
export interface TRunStatusDisplay {
  label: string;
  /** Tailwind classes of the status dot. */
  dot: string;
}

/**
 * How each run status is shown. Typed as a full record, so a new status fails the build here.
 */
export const RUN_STATUS_DISPLAY: Record<RunStatus, TRunStatusDisplay> = {
  queued: { label: 'Queued', dot: 'bg-slate-400' },
  running: { label: 'Running', dot: 'bg-sky-500' },
  sleeping: { label: 'Sleeping', dot: 'bg-sky-300' },
  waiting: { label: 'Waiting', dot: 'bg-sky-300' },
  needs_review: { label: 'Needs review', dot: 'bg-amber-500' },
  needs_reconciliation: { label: 'Needs reconciliation', dot: 'bg-amber-600' },
  succeeded: { label: 'Succeeded', dot: 'bg-emerald-500' },
  failed: { label: 'Failed', dot: 'bg-rose-500' },
  dead: { label: 'Dead', dot: 'bg-rose-700' },
  cancelled: { label: 'Cancelled', dot: 'bg-slate-300' },
};

/** Every status, in the schema's order (which is the scanning order above). */
export const RUN_STATUSES: readonly RunStatus[] = Object.values(RunStatus);
