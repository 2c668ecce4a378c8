'use client';

import { useEffect, useMemo, useRef } from 'react';
import type { TGroundedField } from '@/server/tools/model/fields';
import { documentBlocks } from './document-marks';
import { GROUNDING_DISPLAY } from './grounding-status';

/**
 * The document's text as extracted (what the model read and every quote is found in), under
 * its page or header/body headings, with each field's found evidence marked in the colour of
 * its status. The selected field's marks are outlined and the first one is scrolled into view
 * inside this pane (the page itself does not jump).
 */
export function DocumentText({
  text,
  segments,
  fields,
  selected,
  scrollRequest,
}: {
  text: string;
  segments: readonly { label: string; start: number; end: number }[];
  fields: readonly TGroundedField[];
  selected: string | null;
  /** Changes each time the selected field's evidence should be scrolled to again. */
  scrollRequest: number;
}) {
  const paneRef = useRef<HTMLElement>(null);
  const blocks = useMemo(() => documentBlocks(text, segments, fields), [text, segments, fields]);
  const labels = useMemo(
    () => new Map(fields.map((field) => [field.field, field.label])),
    [fields],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: scrollRequest asks for the scroll again
  useEffect(() => {
    const pane = paneRef.current;
    if (!pane || selected === null) return;
    const mark = pane.querySelector<HTMLElement>(`mark[data-fields~="${CSS.escape(selected)}"]`);
    if (!mark) return;
    const top =
      mark.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
    pane.scrollTo({ top: Math.max(0, top - pane.clientHeight / 3), behavior: 'smooth' });
  }, [selected, scrollRequest]);

  return (
    <section
      ref={paneRef}
      data-testid="document-text"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled
      tabIndex={0}
      aria-label="Document text"
      className="relative max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-slate-50 font-mono text-[12.5px] leading-relaxed text-slate-800 outline-none focus-visible:ring-2 focus-visible:ring-slate-400"
    >
      {blocks.map((block) => (
        <section key={block.start} aria-label={block.label ?? undefined}>
          {block.label ? (
            <h4 className="sticky top-0 z-10 border-y border-slate-200 bg-slate-100/95 px-3 py-1 font-sans text-[11px] font-semibold uppercase tracking-wide text-slate-600 first:border-t-0">
              {block.label}
            </h4>
          ) : null}
          <div className="whitespace-pre-wrap break-words px-3 py-2">
            {block.pieces.map((piece) => {
              const slice = text.slice(piece.start, piece.end);
              if (piece.status === null) return <span key={piece.start}>{slice}</span>;
              const isSelected = selected !== null && piece.fields.includes(selected);
              const names = piece.fields.map((field) => labels.get(field) ?? field);
              return (
                <mark
                  key={piece.start}
                  data-fields={piece.fields.join(' ')}
                  data-status={piece.status}
                  title={`${names.join(', ')}: ${GROUNDING_DISPLAY[piece.status].words}`}
                  className={`rounded-sm px-px ${GROUNDING_DISPLAY[piece.status].mark} ${
                    isSelected ? 'outline-2 outline-offset-1 outline-slate-900' : ''
                  }`}
                  data-selected={isSelected ? 'true' : undefined}
                >
                  {slice}
                </mark>
              );
            })}
          </div>
        </section>
      ))}
    </section>
  );
}
