/**
 * Resolving a plan step's references against the outputs of the steps before it, right before
 * the step runs. A reference to a path the output does not have is an error that names it.
 */
import { NonRetriableError } from '../engine/errors.ts';
import { referencesIn } from './plan.ts';

/** A reference that could not be resolved: its step has no output at that path. */
export class ReferenceResolutionError extends NonRetriableError {
  override name = 'ReferenceResolutionError';
}

function valueAt(output: unknown, path: readonly string[]): { found: boolean; value: unknown } {
  let node: unknown = output;
  for (const segment of path) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      node = node[Number(segment)];
    } else if (node !== null && typeof node === 'object' && Object.hasOwn(node, segment)) {
      node = (node as Record<string, unknown>)[segment];
    } else {
      return { found: false, value: undefined };
    }
    if (node === undefined) return { found: false, value: undefined };
  }
  return { found: true, value: node };
}

function replaceAt(
  value: unknown,
  path: readonly (string | number)[],
  replacement: unknown,
): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value) && typeof head === 'number') {
    return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  }
  if (value !== null && typeof value === 'object' && head !== undefined) {
    const record = value as Record<string, unknown>;
    return { ...record, [head]: replaceAt(record[String(head)], rest, replacement) };
  }
  return value;
}

/**
 * The step's input with every `{ "$ref": "<step>.output.<path>" }` replaced by that value of
 * `outputs[<step>]`, except references to the steps in `keep`. Throws ReferenceResolutionError
 * when a step or a path is missing.
 */
export function resolveReferences(
  stepId: string,
  input: Record<string, unknown>,
  outputs: ReadonlyMap<string, unknown>,
  options: { keep?: ReadonlySet<string> } = {},
): Record<string, unknown> {
  let resolved: unknown = input;
  for (const reference of referencesIn(input)) {
    // A reference to a step that has not run yet (a write awaiting approval) stays as it is.
    if (options.keep?.has(reference.stepId)) continue;
    if (!outputs.has(reference.stepId)) {
      throw new ReferenceResolutionError(
        `Step "${stepId}": input ${reference.path.join('.')} refers to step "${reference.stepId}", which has no output.`,
      );
    }
    const { found, value } = valueAt(outputs.get(reference.stepId), reference.outputPath);
    if (!found) {
      const where = [reference.stepId, 'output', ...reference.outputPath].join('.');
      throw new ReferenceResolutionError(
        `Step "${stepId}": input ${reference.path.join('.')} refers to ${where}, which the output does not have.`,
      );
    }
    resolved = replaceAt(resolved, reference.path, value);
  }
  return resolved as Record<string, unknown>;
}
