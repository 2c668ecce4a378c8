/**
 * The proof of server/planner/provenance.ts applied at the gate, to the values as they resolved:
 * every read's keys, every write's target, every value field and every computation's inputs
 * compared with the subject and with the concrete values of the sources the workflow declares.
 */
import type { JsonValue } from '../engine/types.ts';
import type { ToolDefinition } from '../tools/define-tool.ts';
import { fieldRole } from '../tools/provenance.ts';
import type { ToolRegistry } from '../tools/registry.ts';
import type { PlanProblem } from './check-plan.ts';
import type { TPlan } from './plan.ts';
import {
  canonicalJson,
  describeSources,
  isReference,
  isWrite,
  judge,
  show,
  sourcesOf,
} from './provenance.ts';
import { keysOffSubject, type ProvenanceContext, type TValueSource } from './subject.ts';

/** A write as the gate holds it: the plan step and its input resolved against the reads. */
export interface ResolvedWrite {
  stepId: string;
  tool: string;
  input: { [key: string]: JsonValue };
}

/** The value at a dotted path of an output, or undefined. */
function valueAt(output: unknown, path: string): unknown {
  let node = output;
  for (const segment of path === '' ? [] : path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/**
 * The same proof on resolved values, at the gate: every read's keys as they resolved, every
 * write's target and values as a reviewer would approve them. `readInputs` are the reads'
 * inputs as they resolved (absent for a read that was skipped), `outputs` their outputs.
 */
export function proveResolved(
  plan: TPlan,
  registry: ToolRegistry,
  context: ProvenanceContext,
  run: {
    readInputs: ReadonlyMap<string, Record<string, unknown>>;
    outputs: ReadonlyMap<string, unknown>;
    writes: readonly ResolvedWrite[];
  },
): PlanProblem[] {
  const { subject } = context;
  const judged = judge(plan, registry, context);
  const problems = [...judged.problems];
  const checkKeys = (
    stepId: string,
    tool: ToolDefinition,
    input: Record<string, unknown>,
    code: 'OFF_SUBJECT_READ' | 'OFF_SUBJECT_WRITE',
  ) => {
    for (const { field, value } of keysOffSubject(tool.provenance, input, subject)) {
      problems.push({
        code,
        stepId,
        message: `${field} resolved to ${show(value)}, which is not this run's (${subject.label}).`,
      });
    }
  };

  /** The values a read source holds in this run: that field of every proven read of the tool. */
  const readValues = (source: Extract<TValueSource, { from: 'read' }>) =>
    plan.steps
      .filter((step) => step.tool === source.tool)
      .filter((step) => ['own', 'computed'].includes(judged.standing.get(step.id) ?? ''))
      .map((step) => valueAt(run.outputs.get(step.id), source.path))
      .filter((value) => value !== undefined);

  /** The value fields of a write (or the inputs of a computation) against their sources. */
  const checkValues = (stepId: string, tool: ToolDefinition, input: Record<string, unknown>) => {
    for (const [field, value] of Object.entries(input)) {
      if (value === undefined || isReference(value)) continue;
      if (isWrite(tool) && fieldRole(tool.provenance, field) !== 'value') continue;
      const sources = sourcesOf(context.values, tool.name, field);
      const allowed = sources.flatMap((source) =>
        source.from === 'input' ? [source.value] : readValues(source),
      );
      const literal = canonicalJson(value);
      if (!allowed.some((candidate) => canonicalJson(candidate) === literal)) {
        problems.push({
          code: 'UNPROVEN_VALUE',
          stepId,
          message: `${field} resolved to ${show(value)}, which is not ${describeSources(sources) || 'from any declared source'}.`,
        });
      }
    }
  };

  for (const step of plan.steps) {
    const tool = registry.get(step.tool);
    const input = run.readInputs.get(step.id);
    if (!tool || !input || isWrite(tool)) continue;
    checkKeys(step.id, tool, input, 'OFF_SUBJECT_READ');
    if (tool.sideEffect === 'none') checkValues(step.id, tool, input);
  }

  for (const write of run.writes) {
    const tool = registry.get(write.tool);
    if (!tool) continue;
    checkKeys(write.stepId, tool, write.input, 'OFF_SUBJECT_WRITE');
    checkValues(write.stepId, tool, write.input);
  }
  return dedupe(problems);
}

function dedupe(problems: PlanProblem[]): PlanProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.code}|${problem.stepId}|${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
