import Link from 'next/link';
import type { RunStatus } from '@/generated/prisma/enums';
import { formatAge } from './run-filters';
import { RunStatusBadge } from './run-status-badge';

export interface TRunRow {
  id: string;
  workflowId: string;
  workflowVersion: number;
  status: RunStatus;
  requester?: { id: string; name: string; email: string } | null;
  replayOfId?: string | null;
  createdAt: Date;
  finishedAt?: Date | null;
}

// One fixed zone keeps times comparable between operators and with logs.
const createdAtFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

/**
 * A table of runs, newest first: status, workflow, requester, age; each run links to its
 * timeline. `now` is when the ages are measured from (the live list passes its fetch time).
 */
export function RunsTable({
  runs,
  now,
  workflowTitles = {},
}: {
  runs: TRunRow[];
  now: number;
  workflowTitles?: Record<string, string>;
}) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Runs, newest first</caption>
        <thead className="bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-3">
              Status
            </th>
            <th scope="col" className="px-4 py-3">
              Workflow
            </th>
            <th scope="col" className="px-4 py-3">
              Requester
            </th>
            <th scope="col" className="px-4 py-3">
              Age
            </th>
            <th scope="col" className="px-4 py-3">
              Run
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => (
            <tr key={run.id} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
              <td className="px-4 py-3">
                <RunStatusBadge status={run.status} />
              </td>
              <td className="px-4 py-3 text-slate-900">
                {workflowTitles[run.workflowId] ?? run.workflowId}
                <span className="ml-1 font-mono text-xs text-slate-500">
                  {run.workflowId} v{run.workflowVersion}
                </span>
                {run.replayOfId ? (
                  <span className="ml-2 text-xs text-slate-500">replay</span>
                ) : null}
              </td>
              <td className="px-4 py-3 text-slate-700">{run.requester?.name ?? '—'}</td>
              <td className="px-4 py-3 tabular-nums text-slate-700">
                <time
                  dateTime={run.createdAt.toISOString()}
                  title={`${createdAtFormat.format(run.createdAt)} UTC`}
                  suppressHydrationWarning
                >
                  {formatAge(run.createdAt, now)}
                </time>
              </td>
              <td className="px-4 py-3 font-mono text-xs">
                <Link href={`/runs/${run.id}`} className="text-sky-700 underline">
                  {run.id}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
