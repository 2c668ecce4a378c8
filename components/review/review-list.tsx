'use client';

import { createColumnHelper, flexRender, tableFeatures, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type MouseEvent, type RefObject, useEffect } from 'react';

/** One pending item as the queue shows it. */
export interface QueueRow {
  id: string;
  runId: string;
  workflowTitle: string;
  requester: { id: string; name: string } | null;
  createdAt: Date;
  risk: 'low' | 'medium' | 'high';
  reasons: { code: string; message: string }[];
  summary: { title: string; figures: { label: string; value: string }[] };
}

const features = tableFeatures({});
const column = createColumnHelper<typeof features, QueueRow>();
const RISK_STYLE = {
  high: 'bg-red-100 text-red-800',
  medium: 'bg-amber-100 text-amber-800',
  low: 'bg-slate-100 text-slate-700',
} as const;

function age(createdAt: Date, now: number): string {
  const minutes = Math.max(0, Math.round((now - createdAt.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} d`;
}

const columns = column.columns([
  column.accessor((row) => row.summary.title || row.workflowTitle, {
    id: 'item',
    header: 'Item',
    cell: (info) => (
      <div className="min-w-0">
        <div className="truncate font-medium text-slate-900">{info.getValue()}</div>
        <div className="truncate text-xs text-slate-500">{info.row.original.workflowTitle}</div>
      </div>
    ),
  }),
  column.accessor((row) => row.summary.figures, {
    id: 'figures',
    header: 'Key figures',
    cell: (info) => (
      <span className="truncate text-xs tabular-nums text-slate-700">
        {info
          .getValue()
          .map((figure) => `${figure.label} ${figure.value}`)
          .join(' · ')}
      </span>
    ),
  }),
  column.accessor((row) => row.reasons.map((reason) => reason.code).join(', '), {
    id: 'reasons',
    header: 'Flagged for',
    cell: (info) => <span className="truncate text-xs text-slate-700">{info.getValue()}</span>,
  }),
  column.accessor('risk', {
    header: 'Risk',
    cell: (info) => (
      <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${RISK_STYLE[info.getValue()]}`}>
        {info.getValue()}
      </span>
    ),
  }),
  column.accessor((row) => row.requester?.name ?? '—', {
    id: 'requester',
    header: 'Requester',
    cell: (info) => <span className="truncate text-xs text-slate-700">{info.getValue()}</span>,
  }),
  column.accessor('createdAt', {
    header: 'Age',
    cell: (info) => (
      <span className="text-xs tabular-nums text-slate-600">
        {age(info.getValue(), Date.now())}
      </span>
    ),
  }),
]);

const WIDTHS = ['26%', '26%', '20%', '8%', '12%', '8%'];
export const ROW_HEIGHT = 52;

/**
 * The queue: a virtualized grid table (only the rows in view, plus spacers, are in the DOM).
 * The cursor is `aria-current`, the selection `aria-selected`; the grid keeps DOM focus and
 * points at the cursor with `aria-activedescendant`.
 */
export function ReviewList(props: {
  rows: QueueRow[];
  cursor: number;
  selected: ReadonlySet<string>;
  scrollRef: RefObject<HTMLDivElement | null>;
  gridRef: RefObject<HTMLTableElement | null>;
  onRowClick(index: number, event: MouseEvent): void;
  onRowOpen(index: number): void;
}) {
  const { rows, cursor, selected } = props;
  const table = useTable({ features, columns, data: rows });
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => props.scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (rows.length > 0)
      virtualizer.scrollToIndex(Math.min(cursor, rows.length - 1), { align: 'auto' });
  }, [cursor, rows.length, virtualizer]);

  const tableRows = table.getRowModel().rows;
  const focused = rows[cursor];
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div
      ref={props.scrollRef}
      className="h-[calc(100vh-22rem)] min-h-72 overflow-y-auto rounded-lg border border-slate-200 bg-white"
      data-testid="review-scroll"
    >
      <table
        ref={props.gridRef}
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a data table is the grid of the APG grid pattern; the keymap drives it
        role="grid"
        aria-label="Review queue"
        aria-rowcount={rows.length + 1}
        aria-multiselectable="true"
        aria-activedescendant={focused ? `review-row-${focused.id}` : undefined}
        tabIndex={0}
        className="w-full table-fixed border-collapse text-sm outline-none focus-visible:ring-2 focus-visible:ring-slate-900"
      >
        <colgroup>
          {WIDTHS.map((width, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
            <col key={index} style={{ width }} />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-slate-50 text-left text-xs font-medium text-slate-600">
          <tr>
            {table.getHeaderGroups()[0]?.headers.map((header) => (
              <th key={header.id} className="h-9 truncate px-3 font-medium">
                {flexRender(header.column.columnDef.header, header.getContext())}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 ? <tr data-spacer style={{ height: before }} /> : null}
          {items.map((virtual) => {
            const row = tableRows[virtual.index];
            if (!row) return null;
            const isCurrent = virtual.index === cursor;
            const isSelected = selected.has(row.original.id);
            return (
              <tr
                key={row.original.id}
                id={`review-row-${row.original.id}`}
                data-testid="review-row"
                data-item-id={row.original.id}
                aria-rowindex={virtual.index + 2}
                aria-current={isCurrent ? 'true' : undefined}
                aria-selected={isSelected}
                onClick={(event) => props.onRowClick(virtual.index, event)}
                onDoubleClick={() => props.onRowOpen(virtual.index)}
                style={{ height: ROW_HEIGHT }}
                className={`cursor-default border-b border-slate-100 ${
                  isCurrent
                    ? 'bg-sky-50 shadow-[inset_3px_0_0_#0f172a]'
                    : isSelected
                      ? 'bg-emerald-50'
                      : 'hover:bg-slate-50'
                }`}
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="overflow-hidden px-3">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
          {after > 0 ? <tr data-spacer style={{ height: after }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
