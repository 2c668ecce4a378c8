'use client';

import { ageOf } from './filters';

/** One root cause as the groups table shows it. */
export interface GroupRow {
  groupKey: string;
  workflowTitle: string;
  stepId: string;
  errorClass: string;
  normalisedMessage: string;
  count: number;
  oldestAt: Date;
  newestAt: Date;
}

/**
 * The open dead letters by root cause: workflow, step, error class, the normalised message,
 * how many and how old; a group is opened to list its runs, or replayed as a whole.
 */
export function GroupTable(props: {
  groups: GroupRow[];
  selectedKey: string | undefined;
  onSelect(groupKey: string | undefined): void;
  onReplayGroup(group: GroupRow): void;
}) {
  return (
    <table aria-label="Root causes" className="w-full border-collapse rounded-lg bg-white text-sm">
      <thead className="bg-slate-50 text-left text-xs text-slate-600">
        <tr>
          <th className="px-3 py-2 font-medium">Workflow</th>
          <th className="px-3 py-2 font-medium">Step</th>
          <th className="px-3 py-2 font-medium">Error class</th>
          <th className="px-3 py-2 font-medium">Message</th>
          <th className="px-3 py-2 text-right font-medium">Runs</th>
          <th className="px-3 py-2 font-medium">Oldest</th>
          <th className="px-3 py-2 font-medium">Newest</th>
          <th className="px-3 py-2 font-medium">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.groups.map((group) => {
          const isSelected = group.groupKey === props.selectedKey;
          return (
            <tr
              key={group.groupKey}
              aria-current={isSelected ? 'true' : undefined}
              className={`border-t border-slate-100 ${isSelected ? 'bg-slate-100' : ''}`}
            >
              <td className="px-3 py-2">{group.workflowTitle}</td>
              <td className="px-3 py-2 font-mono text-xs">{group.stepId}</td>
              <td className="px-3 py-2 font-mono text-xs">{group.errorClass}</td>
              <td className="px-3 py-2 text-xs text-slate-700">{group.normalisedMessage}</td>
              <td className="px-3 py-2 text-right tabular-nums" data-testid="group-count">
                {group.count}
              </td>
              <td className="px-3 py-2 text-xs tabular-nums" suppressHydrationWarning>
                {ageOf(group.oldestAt)}
              </td>
              <td className="px-3 py-2 text-xs tabular-nums" suppressHydrationWarning>
                {ageOf(group.newestAt)}
              </td>
              <td className="space-x-2 whitespace-nowrap px-3 py-2 text-right">
                <button
                  type="button"
                  onClick={() => props.onSelect(isSelected ? undefined : group.groupKey)}
                  className="text-xs underline"
                >
                  {isSelected ? 'Show all' : 'Show runs'}
                </button>
                <button
                  type="button"
                  onClick={() => props.onReplayGroup(group)}
                  className="rounded bg-slate-900 px-2 py-0.5 text-xs text-white"
                >
                  Replay group
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
