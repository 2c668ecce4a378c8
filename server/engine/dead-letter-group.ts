import { createHash } from 'node:crypto';

/**
 * A message with what varies between occurrences of one root cause (ids, numbers, quoted
 * values, e-mail addresses) replaced by placeholders, so "Invoice 4711 not found" and
 * "Invoice 4712 not found" group together.
 */
export function normaliseErrorMessage(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/[\w.+-]+@[\w-]+\.[\w.-]+/g, '<email>')
    .replace(/(["'`])(?:(?!\1).)*\1/g, '<value>')
    .replace(/\b\d+(\.\d+)?\b/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

/** The root-cause group of a dead letter: workflow, step, error class and normalised message. */
export function deadLetterGroupKey(parts: {
  workflowId: string;
  stepId: string;
  errorClass: string;
  message: string;
}): string {
  const normalised = normaliseErrorMessage(parts.message);
  const digest = createHash('sha256')
    .update([parts.workflowId, parts.stepId, parts.errorClass, normalised].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
  return `${parts.workflowId}:${parts.stepId}:${parts.errorClass}:${digest}`;
}
