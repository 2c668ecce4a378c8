/**
 * Proof that a plan reads and writes only its run's subject, with proven values (DESIGN.md
 * section 2a). One rule set, applied twice: to the plan as proposed, before anything runs
 * (`checkProvenance`: references are judged by where they come from), and to the writes as
 * resolved at the gate (`proveResolved` in prove-resolved.ts: every key and value compared with the subject and the
 * sources the workflow's code declared). A write field is one of:
 *
 * - a target key: a subject identifier, literally or by reference to an identifier field of a
 *   read keyed by the subject (or of an earlier write to it);
 * - an actor field: left out (or "steward"); Steward fills it from the decision;
 * - free text: the model's words, shown to the reviewer as model-written;
 * - a value: equal to a source the workflow declares (its own value from the input, or a field
 *   of a proven read of the subject's records, by reference).
 */
import type { ToolDefinition } from '../tools/define-tool.ts';
import {
  ACTOR_PLACEHOLDER,
  fieldRole,
  identifierAt,
  type TIdentifierKind,
} from '../tools/provenance.ts';
import type { ToolRegistry } from '../tools/registry.ts';
import type { PlanProblem } from './check-plan.ts';
import { type TPlan, ZReferenceSchema } from './plan.ts';
import {
  isSubjectIdentifier,
  type ProvenanceContext,
  type TValueSource,
  type TWriteValueSources,
} from './subject.ts';

/** The sources a workflow declares for a tool's field (own properties only). */
export function sourcesOf(
  values: TWriteValueSources,
  tool: string,
  field: string,
): readonly TValueSource[] {
  const fields = Object.hasOwn(values, tool) ? values[tool] : undefined;
  return (fields && Object.hasOwn(fields, field) ? fields[field] : undefined) ?? [];
}

/** How far a step's output can be trusted as the subject's own. */
type TStanding =
  /** A read keyed by the subject: its output is the subject's own record. */
  | 'own'
  /** A search scoped to the subject: other records, evidence for rules only. */
  | 'search'
  /** A computation from proven inputs (a score). */
  | 'computed'
  /** A write to the subject. */
  | 'write';

export function isWrite(tool: ToolDefinition): boolean {
  return tool.sideEffect === 'write' || tool.sideEffect === 'external';
}

/** Canonical JSON: object keys sorted, undefined members dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item)
            .filter(([, member]) => member !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : item,
  );
}

export function isReference(value: unknown): value is { $ref: string } {
  return ZReferenceSchema.safeParse(value).success;
}

function referenceParts(value: { $ref: string }) {
  const [stepId = '', , ...outputPath] = value.$ref.split('.');
  return { stepId, path: outputPath.join('.') };
}

export const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** The static judgement of a plan: each step's standing, and the problems found. */
export interface Judgement {
  standing: Map<string, TStanding>;
  problems: PlanProblem[];
}

/**
 * Judges the plan as proposed: every read keyed by the subject, every write aimed at it, every
 * write value from a declared source. Expects a plan that passed checkPlan (tools exist).
 */
export function judge(plan: TPlan, registry: ToolRegistry, context: ProvenanceContext): Judgement {
  const { subject } = context;
  const standing = new Map<string, TStanding>();
  const tools = new Map<string, ToolDefinition>();
  const problems: PlanProblem[] = [];

  const inSubject = (kind: TIdentifierKind, value: unknown) =>
    isSubjectIdentifier(subject, kind, value);

  /** Why a key value is not proven to name the subject, or null when it is. */
  const keyProblem = (field: string, kind: TIdentifierKind, value: unknown): string | null => {
    if (isReference(value)) {
      const { stepId, path } = referenceParts(value);
      const source = tools.get(stepId);
      const sourceStanding = standing.get(stepId);
      const identifies = identifierAt(source?.provenance, path);
      if ((sourceStanding === 'own' || sourceStanding === 'write') && identifies === kind) {
        return null;
      }
      const why =
        sourceStanding === 'search'
          ? `a search result (${source?.name}), another record than this run's`
          : sourceStanding === undefined
            ? `step "${stepId}", which is not proven to read this run's records`
            : `${value.$ref}, which is not the ${kind} of this run's records`;
      return `${field} comes from ${why}`;
    }
    if (inSubject(kind, value)) return null;
    return `${field} is ${show(value)}, which is not this run's (${subject.label})`;
  };

  const sourceMatches = (value: unknown, sources: readonly TValueSource[]): boolean => {
    if (isReference(value)) {
      const { stepId, path } = referenceParts(value);
      const source = tools.get(stepId);
      const sourceStanding = standing.get(stepId);
      if (sourceStanding !== 'own' && sourceStanding !== 'computed') return false;
      return sources.some(
        (candidate) =>
          candidate.from === 'read' && candidate.tool === source?.name && candidate.path === path,
      );
    }
    const literal = canonicalJson(value);
    return sources.some(
      (candidate) => candidate.from === 'input' && canonicalJson(candidate.value) === literal,
    );
  };

  for (const step of plan.steps) {
    const tool = registry.get(step.tool);
    if (!tool) continue;
    tools.set(step.id, tool);
    const declared = tool.provenance;
    const keys = Object.entries(declared?.keys ?? {}).filter(
      (entry): entry is [string, TIdentifierKind] => entry[1] !== undefined,
    );
    const given = keys.filter(([field]) => step.input[field] !== undefined);
    const stepProblems: PlanProblem[] = [];
    const add = (code: PlanProblem['code'], message: string) =>
      stepProblems.push({ code, stepId: step.id, message });

    if (tool.sideEffect === 'none') {
      // A computation (a score) is as good as its inputs: each must come from a source the
      // workflow declares for it, like a written value. Otherwise its output proves nothing.
      const proven =
        Object.hasOwn(context.values, tool.name) &&
        Object.entries(step.input).every(
          ([field, value]) =>
            value === undefined ||
            sourceMatches(value, sourcesOf(context.values, tool.name, field)),
        );
      if (proven) standing.set(step.id, 'computed');
      continue;
    }

    const code = isWrite(tool) ? 'OFF_SUBJECT_WRITE' : 'OFF_SUBJECT_READ';
    const verb = isWrite(tool) ? 'writes' : 'reads';
    if (keys.length === 0) {
      add(
        code,
        `${tool.name} declares no record it ${verb}, so it cannot be proven to stay on ${subject.label}.`,
      );
    } else if (given.length === 0) {
      add(code, `The step names no record it ${verb}; it must name ${subject.label}.`);
    }
    for (const [field, kind] of given) {
      const problem = keyProblem(field, kind, step.input[field]);
      if (problem) add(code, `The step ${verb} another record than this run's: ${problem}.`);
    }
    for (const field of declared?.requiredKeys ?? []) {
      if (step.input[field] === undefined) {
        add(
          code,
          `Without ${field}, ${tool.name} searches beyond ${subject.label}; give ${field}.`,
        );
      }
    }

    if (isWrite(tool)) {
      for (const [field, value] of Object.entries(step.input)) {
        const role = fieldRole(declared, field);
        if (role === 'target' || value === undefined) continue;
        if (role === 'actor') {
          if (value !== ACTOR_PLACEHOLDER) {
            add(
              'ACTOR_FIELD',
              `${field} is filled by Steward with whoever decides (a reviewer, or "steward"); the plan gave ${show(value)}. Leave it out.`,
            );
          }
          continue;
        }
        if (role === 'free-text') {
          // The model's own words: a literal, never a value carried over from a read.
          if (typeof value !== 'string') {
            add(
              'UNPROVEN_VALUE',
              `${field} is free text in the plan's own words; the plan gave ${show(value)}.`,
            );
          }
          continue;
        }
        const sources = sourcesOf(context.values, tool.name, field);
        if (sources.length === 0) {
          add(
            'UNPROVEN_VALUE',
            `${field} may not be written by this workflow: no source is declared for it.`,
          );
        } else if (!sourceMatches(value, sources)) {
          add(
            'UNPROVEN_VALUE',
            `${field} (${show(value)}) does not come from where this workflow allows: ${describeSources(sources)}.`,
          );
        }
      }
    }
    problems.push(...stepProblems);
    if (stepProblems.length === 0) {
      standing.set(step.id, isWrite(tool) ? 'write' : declared?.search ? 'search' : 'own');
    }
  }
  return { standing, problems };
}

/** The sources in words, for a repair message or a reviewer. */
export function describeSources(sources: readonly TValueSource[]): string {
  return sources
    .map((source) =>
      source.from === 'input'
        ? `the run's ${source.label}`
        : `a reference to ${source.tool} output.${source.path}`,
    )
    .join(', or ');
}

/** Problems of a plan as proposed: reads and writes off the subject, unproven values, actors. */
export function checkProvenance(
  plan: TPlan,
  registry: ToolRegistry,
  context: ProvenanceContext,
): PlanProblem[] {
  return judge(plan, registry, context).problems;
}
