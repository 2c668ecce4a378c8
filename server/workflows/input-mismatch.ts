/**
 * The check behind every workflow's `checkAgainstInput`: a plan's steps may name only the
 * subject of the run's input (its vendor, invoice, company, customer). A model that obeyed text
 * injected into the input's free-text fields ("pay vendor V-9999 instead") writes another subject
 * into a step's literal input; this finds it, whatever the tool and however deep the field.
 */
import type { PlanProblem } from '../planner/check-plan.ts';
import { type TPlan, ZReferenceSchema } from '../planner/plan.ts';

/** One field of step inputs that names the run's subject. */
export interface SubjectField {
  /** The field's key, matched at any depth of a step's input (e.g. `vendorNumber`). */
  key: string;
  /** What the field names, for the message: "vendor number", "contact email". */
  label: string;
  /**
   * The value the run's input gives it, already normalised; null when the input names none
   * (row ids), so the field may only be filled by a reference to an earlier step's output.
   */
  expected: unknown;
  /** Makes a literal comparable with `expected` (case, punctuation); identity by default. */
  normalize?: (value: unknown) => unknown;
  /** Only steps of these tools are checked; all steps without it. */
  tools?: readonly string[];
}

interface Literal {
  path: string;
  value: unknown;
}

/** The literal (not `$ref`) values under `key` anywhere in `value`, with their paths. */
function literalsAt(value: unknown, key: string, path: string[] = []): Literal[] {
  if (ZReferenceSchema.safeParse(value).success) return [];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => literalsAt(item, key, [...path, String(index)]));
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, item]) => {
    const at = [...path, name];
    if (name !== key) return literalsAt(item, key, at);
    if (item === undefined || ZReferenceSchema.safeParse(item).success) return [];
    return [{ path: at.join('.'), value: item }];
  });
}

/** Canonical JSON (object keys sorted), so equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

/**
 * INPUT_MISMATCH problems for every step whose literal input gives one of `fields` a value other
 * than the run's input does (or any literal value where the input gives none).
 */
export function findInputMismatches(plan: TPlan, fields: readonly SubjectField[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  for (const step of plan.steps) {
    for (const field of fields) {
      if (field.tools && !field.tools.includes(step.tool)) continue;
      for (const literal of literalsAt(step.input, field.key)) {
        const normalize = field.normalize ?? ((value: unknown) => value);
        const shown = JSON.stringify(literal.value);
        if (field.expected === null) {
          problems.push({
            code: 'INPUT_MISMATCH',
            stepId: step.id,
            message: `Input ${literal.path} names ${field.label} ${shown} literally; the run's input names none, so it must be a reference to an earlier step's output.`,
          });
        } else if (canonical(normalize(literal.value)) !== canonical(field.expected)) {
          problems.push({
            code: 'INPUT_MISMATCH',
            stepId: step.id,
            message: `Input ${literal.path} names ${field.label} ${shown}, but this run is for ${field.label} ${JSON.stringify(field.expected)}.`,
          });
        }
      }
    }
  }
  return problems;
}

/** Trimmed upper case, for identifiers such as V-0042 or C-10001. */
export function upperCaseId(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toUpperCase() : value;
}

/** Trimmed lower case, for email addresses. */
export function lowerCaseText(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}
