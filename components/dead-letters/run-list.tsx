'use client';

import type { MouseEvent, RefObject } from 'react';
import { ageOf } from './filters';

/** One open dead letter as the run list shows it. */
export interface DeadLetterListRow {
  id: string;
  runId: string;
  workflowTitle: string;
  stepId: string;
  errorClass: string;
  message: string;
  attempts: number;
  createdAt: Date;
}

/**
 * The dead-lettered runs: a grid the keyboard drives (the grid keeps DOM focus and points at
 * the cursor with `aria-activedescendant`); the cursor is `aria-current`, the selection
 * `aria-selected`.
 */
export function RunList(props: {
  rows: DeadLetterListRow[];
  cursor: number;
  selected: ReadonlySet<string>;
  gridRef: RefObject<HTMLTableElement | null>;
  onRowClick(index: number, event: MouseEvent): void;
  onRowOpen(index: number): void;
}) {
  const focused = props.rows[props.cursor];
  return (
    <table
      ref={props.gridRef}
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a data table is the grid of the APG grid pattern; the keymap drives it
      role="grid"
      aria-label="Dead-lettered runs"
      aria-multiselectable="true"
      aria-activedescendant={focused ? `dead-letter-row-${focused.runId}` : undefined}
      tabIndex={0}
      className="w-full border-collapse rounded-lg bg-white text-sm outline-none focus-visible:ring-2 focus-visible:ring-slate-900"
    >
      <thead className="bg-slate-50 text-left text-xs text-slate-600">
        <tr>
          <th className="px-3 py-2 font-medium">Run</th>
          <th className="px-3 py-2 font-medium">Workflow</th>
          <th className="px-3 py-2 font-medium">Step</th>
          <th className="px-3 py-2 font-medium">Error</th>
          <th className="px-3 py-2 text-right font-medium">Attempts</th>
          <th className="px-3 py-2 font-medium">Age</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, index) => {
          const isCurrent = index === props.cursor;
          const isSelected = props.selected.has(row.runId);
          return (
            <tr
              key={row.runId}
              id={`dead-letter-row-${row.runId}`}
              data-run-id={row.runId}
              aria-current={isCurrent ? 'true' : undefined}
              aria-selected={isSelected}
              onClick={(event) => props.onRowClick(index, event)}
              onDoubleClick={() => props.onRowOpen(index)}
              className={`cursor-default border-t border-slate-100 ${isSelected ? 'bg-sky-50' : ''} ${isCurrent ? 'outline outline-2 -outline-offset-2 outline-slate-900' : ''}`}
            >
              <td className="px-3 py-2 font-mono text-xs">
                <span aria-hidden="true">{isSelected ? '☑ ' : '☐ '}</span>
                {row.runId.slice(0, 8)}
              </td>
              <td className="px-3 py-2">{row.workflowTitle}</td>
              <td className="px-3 py-2 font-mono text-xs">{row.stepId}</td>
              <td className="px-3 py-2 text-xs">
                <span className="font-mono">{row.errorClass}</span>: {row.message}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{row.attempts}</td>
              <td className="px-3 py-2 text-xs tabular-nums" suppressHydrationWarning>
                {ageOf(row.createdAt)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
