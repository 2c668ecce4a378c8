import type { TDeadLetterGroup } from '@/server/dashboard/charts-schema';
import { barPercent, ChartFrame, ChartTable } from './chart-frame';

/** How long ago, in the largest whole unit: `3 d`, `5 h`, `12 min`. */
export function formatAge(seconds: number): string {
  if (seconds >= 86_400) return `${Math.floor(seconds / 86_400)} d`;
  if (seconds >= 3_600) return `${Math.floor(seconds / 3_600)} h`;
  return `${Math.max(0, Math.floor(seconds / 60))} min`;
}

/** Open dead letters by root-cause group, largest first, as horizontal bars. */
export function DeadLetterGroupsChart({
  groups,
  total,
  now,
}: {
  groups: TDeadLetterGroup[];
  total: number;
  now: Date;
}) {
  const max = Math.max(0, ...groups.map((group) => group.count));
  const ageOf = (group: TDeadLetterGroup) =>
    formatAge((now.getTime() - group.oldestAt.getTime()) / 1000);
  return (
    <ChartFrame
      id="dead-letter-groups"
      title="Open dead letters by group"
      description={`${total} open dead letters; the largest root-cause groups (workflow, step, error class).`}
      isEmpty={groups.length === 0}
      empty="No open dead letters. Runs that run out of attempts will appear here, grouped by workflow, step and error."
      drawing={
        <ul className="space-y-2">
          {groups.map((group) => (
            <li key={group.groupKey} className="text-xs">
              <div className="flex justify-between gap-2 text-slate-700">
                <span className="truncate">
                  {group.workflowId} · {group.stepId} · {group.errorClass}
                </span>
                <span className="tabular-nums">{group.count}</span>
              </div>
              <div className="mt-0.5 h-2 rounded bg-slate-100">
                <div
                  className="h-2 rounded bg-rose-600"
                  style={{ width: barPercent(group.count, max) }}
                />
              </div>
            </li>
          ))}
        </ul>
      }
      table={
        <ChartTable
          caption="Open dead letters by group"
          columns={['Group', 'Workflow', 'Step', 'Error class', 'Open', 'Oldest']}
          rows={groups.map((group) => ({
            key: group.groupKey,
            cells: [
              group.groupKey,
              group.workflowId,
              group.stepId,
              group.errorClass,
              group.count,
              ageOf(group),
            ],
          }))}
        />
      }
    />
  );
}
