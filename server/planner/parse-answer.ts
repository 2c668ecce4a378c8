/** Reading a model's answer as JSON: a code fence or a sentence around the object is tolerated. */
import { recordableText } from './answer-limits.ts';

export type ParsedAnswer = { ok: true; value: unknown } | { ok: false; message: string };

/** The JSON value in a model's answer, or why there is none. */
export function parseAnswer(text: string): ParsedAnswer {
  let body = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(body);
  if (fenced?.[1] !== undefined) body = fenced[1].trim();
  if (body === '') return { ok: false, message: 'The answer is empty; expected a JSON plan.' };
  if (!body.startsWith('{')) {
    const start = body.indexOf('{');
    const end = body.lastIndexOf('}');
    if (start === -1 || end < start) {
      return { ok: false, message: 'The answer is not JSON; expected one JSON object, the plan.' };
    }
    body = body.slice(start, end + 1);
  }
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    // The parser's message quotes the answer: keep it short and storable (no NUL).
    const reason = recordableText(error instanceof Error ? error.message : String(error), 200);
    return { ok: false, message: `The answer is not valid JSON (${reason}).` };
  }
}
