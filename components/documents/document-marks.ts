/**
 * How a document's text is cut for display: one block per segment (a PDF page, an e-mail's
 * headers or body), and in each block the runs of text between the evidence marks. A 100k
 * character document with a few dozen quotes becomes a few dozen pieces, never one element per
 * character. Overlapping quotes are split where they overlap; the overlap shows the most urgent
 * status of the fields it belongs to.
 */
import type { TGroundingStatus } from '@/server/tools/model/fields';

/** What the marks are made from: a field's grounding status and its quotes' offsets. */
export interface TMarkedField {
  field: string;
  status: TGroundingStatus;
  evidence: readonly { start: number; end: number; found: boolean }[];
}

/** A run of the text: plain (`fields` empty) or marked as evidence of those fields. */
export interface TTextPiece {
  start: number;
  end: number;
  fields: string[];
  /** The status the mark shows: the most urgent of its fields'; null for plain text. */
  status: TGroundingStatus | null;
}

/** A stretch of the document shown under its heading (null: no heading, e.g. between segments). */
export interface TTextBlock {
  label: string | null;
  start: number;
  end: number;
  pieces: TTextPiece[];
}

/** Which status wins where quotes of several fields overlap: what a reviewer must see first. */
const URGENCY = {
  mismatch: 4,
  unproven: 3,
  person: 2,
  grounded: 1,
  absent: 0,
} as const satisfies Record<TGroundingStatus, number>;

interface Mark {
  field: string;
  status: TGroundingStatus;
  start: number;
  end: number;
}

/** Every quote found in the text, clamped to it; quotes not found have no place to mark. */
function marksOf(fields: readonly TMarkedField[], length: number): Mark[] {
  return fields.flatMap((field) =>
    field.evidence
      .filter((quote) => quote.found)
      .map((quote) => ({
        field: field.field,
        status: field.status,
        start: Math.max(0, Math.min(quote.start, length)),
        end: Math.max(0, Math.min(quote.end, length)),
      }))
      .filter((mark) => mark.end > mark.start),
  );
}

/** The pieces of [start, end): plain runs and marks, adjacent runs with the same fields merged. */
function piecesOf(start: number, end: number, marks: readonly Mark[]): TTextPiece[] {
  const inside = marks.filter((mark) => mark.end > start && mark.start < end);
  const cuts = new Set([start, end]);
  for (const mark of inside) {
    cuts.add(Math.max(start, mark.start));
    cuts.add(Math.min(end, mark.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: TTextPiece[] = [];
  for (let index = 0; index + 1 < points.length; index += 1) {
    const from = points[index] ?? start;
    const to = points[index + 1] ?? end;
    const covering = inside.filter((mark) => mark.start <= from && mark.end >= to);
    const fields = [...new Set(covering.map((mark) => mark.field))];
    const status = covering.reduce<TGroundingStatus | null>(
      (worst, mark) =>
        worst === null || URGENCY[mark.status] > URGENCY[worst] ? mark.status : worst,
      null,
    );
    const last = pieces.at(-1);
    if (last && last.end === from && last.fields.join(' ') === fields.join(' ')) {
      last.end = to;
    } else {
      pieces.push({ start: from, end: to, fields, status });
    }
  }
  return pieces;
}

/**
 * The blocks of a document: its segments in order (clamped to the text; text between or after
 * them that is not blank in an unlabelled block), or the whole text when it has no segments.
 */
export function documentBlocks(
  text: string,
  segments: readonly { label: string; start: number; end: number }[],
  fields: readonly TMarkedField[],
): TTextBlock[] {
  const marks = marksOf(fields, text.length);
  const stretches: { label: string | null; start: number; end: number }[] = [];
  let covered = 0;
  const gap = (until: number) => {
    if (until > covered && text.slice(covered, until).trim() !== '') {
      stretches.push({ label: null, start: covered, end: until });
    }
  };
  const ordered = [...segments]
    .map((segment) => ({
      label: segment.label,
      start: Math.max(0, Math.min(segment.start, text.length)),
      end: Math.max(0, Math.min(segment.end, text.length)),
    }))
    .sort((a, b) => a.start - b.start);
  for (const segment of ordered) {
    const start = Math.max(segment.start, covered);
    if (segment.end <= start) continue;
    gap(start);
    stretches.push({ label: segment.label, start, end: segment.end });
    covered = segment.end;
  }
  gap(text.length);
  if (stretches.length === 0 && text.length > 0) {
    stretches.push({ label: null, start: 0, end: text.length });
  }
  return stretches.map((stretch) => ({
    ...stretch,
    pieces: piecesOf(stretch.start, stretch.end, marks),
  }));
}
