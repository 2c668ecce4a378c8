// Plain-text output for people: aligned tables, short ages, one-line values.

/** Columns padded to their widest cell, with a header row; the last column is not padded. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** `42s`, `5m`, `3h`, `2d`: how long ago, roughly. */
export function formatAge(since: Date, now = new Date()): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** A timestamp as `2026-11-03 14:02:11Z`, or `-` when there is none. */
export function formatTime(value: Date | null): string {
  return value ? `${value.toISOString().slice(0, 19).replace('T', ' ')}Z` : '-';
}

/** A value on one line, cut to `max` characters. */
export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Pretty JSON for `--json` output (dates as ISO strings). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
