/**
 * Checks a proposed plan before anything runs. Every problem has a code and a message that can
 * go back to the model (repair) or to a reviewer; a plan with any problem executes nothing.
 */
import { z } from 'zod';
import type { ToolDefinition } from '../tools/define-tool.ts';
import type { ToolRegistry } from '../tools/registry.ts';
import { referencesIn, type TPlan, ZPlanSchema } from './plan.ts';

/** Why a plan was rejected; one code per rule. */
export type TPlanProblemCode =
  | 'MALFORMED_PLAN'
  | 'DUPLICATE_STEP_ID'
  | 'UNKNOWN_TOOL'
  | 'TOOL_NOT_ALLOWED'
  | 'INVALID_INPUT'
  | 'MISSING_REFERENCE'
  | 'FORWARD_REFERENCE'
  | 'REFERENCE_TYPE_MISMATCH'
  | 'WRITE_BEFORE_GATE'
  | 'OVER_STEP_BUDGET'
  | 'OVER_COST_BUDGET'
  | 'INPUT_MISMATCH'
  /** A read keyed by another record than the run's subject, or a search beyond it. */
  | 'OFF_SUBJECT_READ'
  /** A write whose target is not the run's subject. */
  | 'OFF_SUBJECT_WRITE'
  /** A written value that does not come from a source the workflow declares. */
  | 'UNPROVEN_VALUE'
  /** The plan filled a field that Steward fills from the decision (the approver). */
  | 'ACTOR_FIELD'
  /** The answer or plan is deeper, larger or holds characters beyond the limits. */
  | 'ANSWER_LIMIT'
  /** The checks themselves failed on this answer; it is refused, never run. */
  | 'CHECK_FAILED';

export interface PlanProblem {
  code: TPlanProblemCode;
  stepId: string | null;
  message: string;
}

/** What a workflow allows its plans. */
export interface PlanPolicy {
  registry: ToolRegistry;
  allowList: readonly string[];
  maxSteps: number;
  /** Sum of the steps' tools' `estimatedCost` (default 1 each). */
  maxCost?: number;
}

export type PlanCheck = { ok: true; plan: TPlan } | { ok: false; problems: PlanProblem[] };

type JsonSchema = Record<string, unknown>;

/** The JSON type a JSON Schema pins at `path`, or null when it is not one plain type. */
function jsonTypeAt(schema: JsonSchema, path: (string | number)[]): string | null {
  let node: unknown = schema;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return null;
    const record = node as JsonSchema;
    const next =
      typeof segment === 'number'
        ? record.items
        : (record.properties as JsonSchema | undefined)?.[segment];
    node = next;
  }
  const type = node !== null && typeof node === 'object' ? (node as JsonSchema).type : undefined;
  if (type === 'integer') return 'number';
  return typeof type === 'string' ? type : null;
}

function isWrite(tool: ToolDefinition): boolean {
  return tool.sideEffect === 'write' || tool.sideEffect === 'external';
}

/** Sets every referenced location to undefined, so static parsing skips what resolves later. */
function withoutReferences(input: Record<string, unknown>, paths: (string | number)[][]): unknown {
  const copy: unknown = structuredClone(input);
  for (const path of paths) {
    let node: unknown = copy;
    for (const segment of path.slice(0, -1)) {
      node =
        node !== null && typeof node === 'object'
          ? (node as Record<string, unknown>)[segment]
          : undefined;
    }
    const last = path.at(-1);
    if (node !== null && typeof node === 'object' && last !== undefined) {
      (node as Record<string | number, unknown>)[last] = undefined;
    }
  }
  return copy;
}

function startsWith(path: PropertyKey[], prefix: (string | number)[]): boolean {
  return prefix.every((segment, index) => String(path[index]) === String(segment));
}

/**
 * Checks a plan against the registry and the workflow's policy: shape, tools known and allowed,
 * inputs valid (statically where references allow, the rest at resolution), references only to
 * earlier steps and of a compatible type, writes only after every read (the validation gate sits
 * between them), and the step and cost budgets.
 */
export function checkPlan(proposal: unknown, policy: PlanPolicy): PlanCheck {
  const parsed = ZPlanSchema.safeParse(proposal);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      code: 'MALFORMED_PLAN' as const,
      stepId: null,
      message: `${issue.path.join('.') || '(plan)'}: ${issue.message}`,
    }));
    return { ok: false, problems };
  }
  const plan = parsed.data;
  const problems: PlanProblem[] = [];
  const add = (code: TPlanProblemCode, stepId: string | null, message: string) =>
    problems.push({ code, stepId, message });

  const position = new Map<string, number>();
  plan.steps.forEach((step, index) => {
    if (position.has(step.id))
      add('DUPLICATE_STEP_ID', step.id, `Step id "${step.id}" is used twice.`);
    else position.set(step.id, index);
  });

  let cost = 0;
  const tools = plan.steps.map((step) => policy.registry.get(step.tool));
  for (const [index, step] of plan.steps.entries()) {
    const tool = tools[index];
    if (!tool) {
      add('UNKNOWN_TOOL', step.id, `There is no tool "${step.tool}".`);
      continue;
    }
    if (!policy.allowList.includes(tool.name)) {
      add('TOOL_NOT_ALLOWED', step.id, `Tool "${tool.name}" is not allowed for this workflow.`);
      continue;
    }
    cost += tool.estimatedCost ?? 1;

    const references = referencesIn(step.input);
    for (const reference of references) {
      const target = position.get(reference.stepId);
      if (target === undefined) {
        add(
          'MISSING_REFERENCE',
          step.id,
          `Input ${reference.path.join('.')} refers to step "${reference.stepId}", which the plan does not have.`,
        );
        continue;
      }
      if (target >= index) {
        add(
          'FORWARD_REFERENCE',
          step.id,
          `Input ${reference.path.join('.')} refers to step "${reference.stepId}", which does not come before it.`,
        );
        continue;
      }
      const source = tools[target];
      if (!source) continue;
      const produced = jsonTypeAt(
        z.toJSONSchema(source.output, { io: 'output', unrepresentable: 'any' }),
        reference.outputPath,
      );
      const expected = jsonTypeAt(
        z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }),
        reference.path,
      );
      if (produced && expected && produced !== expected) {
        add(
          'REFERENCE_TYPE_MISMATCH',
          step.id,
          `Input ${reference.path.join('.')} expects ${expected}, but ${reference.stepId}.output${reference.outputPath.map((p) => `.${p}`).join('')} is ${produced}.`,
        );
      }
    }
    const stripped = withoutReferences(
      step.input,
      references.map((reference) => reference.path),
    );
    const result = tool.input.safeParse(stripped);
    if (!result.success) {
      // A field filled by a reference is checked when it resolves; so is a rule across fields
      // (a custom refinement, e.g. "give exactly one of id or vendorNumber") when any is.
      // Actor fields (the approver) are Steward's to fill: a plan may leave them out.
      const actorFields = tool.provenance?.actorFields ?? [];
      const issues = result.error.issues.filter(
        (issue) =>
          !references.some((reference) => startsWith(issue.path, reference.path)) &&
          !(issue.code === 'custom' && references.length > 0) &&
          !(issue.path.length === 1 && actorFields.includes(String(issue.path[0]))),
      );
      if (issues.length > 0) {
        const detail = issues
          .map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`)
          .join('; ');
        add('INVALID_INPUT', step.id, `Input for ${tool.name} is not valid: ${detail}`);
      }
    }
  }

  // The validation gate sits after the last read: a write that comes before a read would run
  // before that read's output was validated.
  const firstWrite = tools.findIndex((tool) => tool !== undefined && isWrite(tool));
  const lastRead = tools.findLastIndex((tool) => tool !== undefined && !isWrite(tool));
  const writeStep = plan.steps[firstWrite];
  if (firstWrite !== -1 && firstWrite < lastRead && writeStep) {
    add(
      'WRITE_BEFORE_GATE',
      writeStep.id,
      `Step "${writeStep.id}" writes before every read has run and been validated; writes come last.`,
    );
  }
  if (plan.steps.length > policy.maxSteps) {
    add(
      'OVER_STEP_BUDGET',
      null,
      `The plan has ${plan.steps.length} steps; this workflow allows ${policy.maxSteps}.`,
    );
  }
  if (policy.maxCost !== undefined && cost > policy.maxCost) {
    add(
      'OVER_COST_BUDGET',
      null,
      `The plan's estimated cost is ${cost}; this workflow allows ${policy.maxCost}.`,
    );
  }
  return problems.length === 0 ? { ok: true, plan } : { ok: false, problems };
}
