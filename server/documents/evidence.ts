/** What the rules, the proofs and the gate know about a run's document. */
import type { TGroundedField } from '../tools/model/fields.ts';

/** The proven values of a document's fields, by name (a field without proof is null). */
export type DocumentValues = Record<string, string | number | null>;

export interface DocumentEvidence {
  documentId: string;
  /** The model step tool that read it. */
  tool: string;
  /** Who read it: the chain entry that answered; null when a person did. */
  provider: string | null;
  /** 1: as read; later rounds follow a person's corrections. */
  round: number;
  fields: TGroundedField[];
  values: DocumentValues;
  /** Passages that speak to a machine ("ignore previous instructions"), quoted. */
  injections: string[];
  /** Per field, the lines (from 0) its found quotes span in the document's text; null: none found. */
  lines: Record<string, { first: number; last: number } | null>;
  /**
   * Per field, the text of the line(s) each of its found quotes stands on, in the order of the
   * quotes: what a value is said to be ("valid from …", "Assistant to the CEO", "> quoted").
   */
  quoteLines: Record<string, string[]>;
  /** The document's text, for checks of what it says beside the fields (a credit note?). */
  text: string;
  /** Who sent it and when, for an e-mail. */
  sender: { from: string | null; date: string | null; replyTo: string | null };
  /** Parts nobody read (an attachment without a text layer, an image), by name. */
  unreadParts: string[];
  /** The e-mail's HTML hides content from a person's eyes. */
  hiddenContent: boolean;
}

/** The lines each field's found quotes stand on (the whole lines, for each quote). */
export function quoteLinesOfFields(
  text: string,
  fields: readonly TGroundedField[],
): DocumentEvidence['quoteLines'] {
  return Object.fromEntries(
    fields.map((field) => [
      field.field,
      field.evidence
        .filter((quote) => quote.found)
        .map((quote) => {
          const start = text.lastIndexOf('\n', Math.max(0, quote.start - 1)) + 1;
          const end = text.indexOf('\n', Math.max(quote.start, quote.end - 1));
          return text.slice(start, end === -1 ? text.length : end);
        }),
    ]),
  );
}

/** The lines each field's found quotes span in `text`. */
export function linesOfFields(
  text: string,
  fields: readonly TGroundedField[],
): DocumentEvidence['lines'] {
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    lineStarts.push(index + 1);
  }
  const lineAt = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  return Object.fromEntries(
    fields.map((field) => {
      const found = field.evidence.filter((quote) => quote.found);
      if (found.length === 0) return [field.field, null];
      return [
        field.field,
        {
          first: Math.min(...found.map((quote) => lineAt(quote.start))),
          last: Math.max(...found.map((quote) => lineAt(Math.max(quote.start, quote.end - 1)))),
        },
      ];
    }),
  );
}

/**
 * Whether the found quotes of these fields (those with a value) lie within `window` consecutive
 * lines of the document: the parts of one address come from one place, not a street from the
 * new address and a city from the signature.
 */
export function quotesTogether(
  document: DocumentEvidence,
  fields: readonly string[],
  window: number,
): boolean {
  const spans = document.fields
    .filter((field) => fields.includes(field.field) && field.value !== null)
    .map((field) => document.lines[field.field])
    .filter((span) => span !== null && span !== undefined);
  if (spans.length < 2) return true;
  const first = Math.min(...spans.map((span) => span.first));
  const last = Math.max(...spans.map((span) => span.last));
  return last - first < window;
}
