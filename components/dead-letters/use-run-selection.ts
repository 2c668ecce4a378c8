'use client';

import { type MouseEvent, useRef, useState } from 'react';

/**
 * The list's cursor and selection, kept apart (REVIEW-CONSOLE.md rule 2): j/k move the cursor,
 * x toggles a run and sets the range anchor, shift+j/k and shift+click extend from the anchor,
 * ctrl/⌘+click toggles. Actions take the selection, or the focused run when nothing is selected.
 */
export function useRunSelection<TRow extends { runId: string }>(rows: TRow[]) {
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef(0);
  const clamped = Math.min(cursor, Math.max(0, rows.length - 1));
  if (clamped !== cursor) setCursor(clamped);
  const focused = rows[clamped];

  const range = (from: number, to: number) =>
    rows.slice(Math.min(from, to), Math.max(from, to) + 1).map((row) => row.runId);
  const toggle = (index: number) => {
    const row = rows[index];
    if (!row) return;
    const next = new Set(selected);
    if (next.has(row.runId)) next.delete(row.runId);
    else next.add(row.runId);
    anchor.current = index;
    setSelected(next);
  };
  return {
    cursor: clamped,
    focused,
    selected,
    setCursor,
    clear: () => setSelected(new Set()),
    selectAll: () => setSelected(new Set(rows.map((row) => row.runId))),
    targets: (): string[] => (selected.size > 0 ? [...selected] : focused ? [focused.runId] : []),
    move: (delta: number) =>
      setCursor((index) => Math.max(0, Math.min(rows.length - 1, index + delta))),
    toggleFocused: () => toggle(clamped),
    extend: (delta: number) => {
      const next = Math.max(0, Math.min(rows.length - 1, clamped + delta));
      if (selected.size === 0) anchor.current = clamped;
      setSelected(new Set([...selected, ...range(anchor.current, next)]));
      setCursor(next);
    },
    click: (index: number, event: MouseEvent) => {
      if (event.shiftKey) setSelected(new Set([...selected, ...range(anchor.current, index)]));
      else if (event.metaKey || event.ctrlKey) toggle(index);
      setCursor(index);
    },
  };
}
