import type { RunStatus } from '@/generated/prisma/enums';
import { RunStatusBadge } from './run-status-badge';

export interface TRunRow {
  id: string;
  workflowId: string;
  workflowVersion: number;
  status: RunStatus;
  createdAt: Date;
}

// Server-rendered, so one fixed zone keeps times comparable between operators and with logs.
const createdAtFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

/** A plain table of runs, newest first; the runs console replaces it with a live one. */
export function RunsTable({ runs }: { runs: TRunRow[] }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Latest runs, newest first</caption>
        <thead className="bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-3">
              Status
            </th>
            <th scope="col" className="px-4 py-3">
              Workflow
            </th>
            <th scope="col" className="px-4 py-3">
              Created (UTC)
            </th>
            <th scope="col" className="px-4 py-3">
              Run id
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => (
            <tr key={run.id}>
              <td className="px-4 py-3">
                <RunStatusBadge status={run.status} />
              </td>
              <td className="px-4 py-3 text-slate-900">
                {run.workflowId}
                <span className="ml-1 text-slate-500">v{run.workflowVersion}</span>
              </td>
              <td className="px-4 py-3 tabular-nums text-slate-700">
                <time dateTime={run.createdAt.toISOString()}>
                  {createdAtFormat.format(run.createdAt)}
                </time>
              </td>
              <td className="px-4 py-3 font-mono text-xs text-slate-500">{run.id}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
