import type { ReactNode } from 'react';

/**
 * A chart's frame: its title as a heading, the drawing (hidden from screen readers, which read
 * the description and the labels instead), and the numbers as a visually hidden table that
 * screen readers (and tests) read.
 */
export function ChartFrame({
  id,
  title,
  description,
  isEmpty,
  empty,
  drawing,
  table,
}: {
  id: string;
  title: string;
  description: string;
  isEmpty: boolean;
  /** What the chart will show once there is something to show. */
  empty: string;
  drawing: ReactNode;
  table: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-title`}
      data-testid={`chart-${id}`}
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        {title}
      </h3>
      <p className="mt-1 text-xs text-slate-500">{description}</p>
      {isEmpty ? (
        <p className="mt-4 rounded border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
          {empty}
        </p>
      ) : (
        <div className="mt-4" aria-hidden="true">
          {drawing}
        </div>
      )}
      <div className="sr-only">{table}</div>
    </section>
  );
}

/** A data table of a chart: a caption, column headings, one row per bucket. */
export function ChartTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: string[];
  rows: { key: string; cells: (string | number)[] }[];
}) {
  return (
    <table className="w-full text-left tabular-nums">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col" className="px-1 py-0.5 font-medium">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-t border-slate-100">
            {row.cells.map((cell, index) =>
              index === 0 ? (
                <th key={columns[index]} scope="row" className="px-1 py-0.5 font-normal">
                  {cell}
                </th>
              ) : (
                <td key={columns[index]} className="px-1 py-0.5">
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A share of the largest value as a CSS percentage, never below a visible sliver for non-zero. */
export function barPercent(value: number, max: number): string {
  if (max <= 0 || value <= 0) return '0%';
  return `${Math.max(2, (value / max) * 100)}%`;
}
