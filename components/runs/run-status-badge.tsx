import type { RunStatus } from '@/generated/prisma/enums';
import { RUN_STATUS_DISPLAY } from './run-status';

/** A run's status as a dot and a word; the word carries the meaning, the colour only helps. */
export function RunStatusBadge({ status }: { status: RunStatus }) {
  const display = RUN_STATUS_DISPLAY[status];
  return (
    <span className="inline-flex items-center gap-2 text-sm text-slate-700">
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${display.dot}`} />
      {display.label}
    </span>
  );
}
