/**
 * Model answers for a document, written the way a model writes them: per field a value, a
 * confidence and verbatim quotes with their offsets in the document's text. For answers recorded
 * for the demo day and the tests, replayed by the recorded model server.
 */

/** One field of an answer: the value, and the quote (default: the value as text) it stands on. */
export interface AnswerField {
  value: string | number | null;
  quote?: string | null;
  confidence?: number;
  /** Offsets to report instead of the quote's real ones (a model that miscounts). */
  offsets?: [number, number];
}

export interface AnswerJson {
  value: string | number | null;
  confidence: number;
  evidence: { quote: string; start: number; end: number }[];
}

/** The answer JSON for `text`: quotes are looked up in it (a quote not in it keeps offsets 0,0). */
export function answerFor(
  text: string,
  fields: Record<string, AnswerField>,
): Record<string, AnswerJson> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => {
      const quote =
        field.quote === undefined
          ? field.value === null
            ? null
            : String(field.value)
          : field.quote;
      const start = quote === null ? -1 : text.indexOf(quote);
      const offsets =
        field.offsets ?? (start === -1 || quote === null ? [0, 0] : [start, start + quote.length]);
      return [
        name,
        {
          value: field.value,
          confidence: field.confidence ?? 0.93,
          evidence: quote === null ? [] : [{ quote, start: offsets[0] ?? 0, end: offsets[1] ?? 0 }],
        },
      ];
    }),
  );
}
