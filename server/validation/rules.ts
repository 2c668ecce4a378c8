/**
 * What a workflow declares to validate a run before anything reaches a user or triggers a write:
 * business rules (a name, a message a reviewer understands, a severity, what a failure means)
 * and confidence thresholds. Rules read the run's evidence: its input, its plan and the outputs
 * of the plan's reads, found by tool (step ids are the planner's choice; tools are not).
 */
import type { DocumentEvidence } from '../documents/evidence.ts';
import type { JsonValue } from '../engine/types.ts';
import type { TPlan } from '../planner/plan.ts';
import type { TSubject } from '../planner/subject.ts';

/** `info` is recorded only; a failed `warning` or `error` stops automatic writes. */
export type TRuleSeverity = 'info' | 'warning' | 'error';

/** What the run knows once its reads ran. */
export interface Evidence<TInput> {
  input: TInput;
  plan: TPlan;
  /** Read outputs by plan step id. */
  outputs: ReadonlyMap<string, unknown>;
  /** The output of the first read step that ran `tool`; undefined when the plan had none. */
  output(tool: string): unknown;
  /**
   * The outputs of every read step that ran `tool` (skipped reads left out): a rule about "the
   * invoice" holds for every invoice the plan read, not just the first.
   */
  all(tool: string): unknown[];
  /** The run's subject as the workflow's own code resolved it; null outside planned runs. */
  subject: TSubject | null;
  /** The document the input was read from, with its grounded fields; null for typed input. */
  document: DocumentEvidence | null;
}

/** One rule's verdict; `message` replaces the rule's own with specifics ("Amount 1,200 > PO 1,000"). */
export interface RuleVerdict {
  passed: boolean;
  message?: string;
  /** The figures behind the verdict, shown to the reviewer (e.g. { invoice: 1200, po: 1000 }). */
  details?: { [key: string]: JsonValue };
}

export interface BusinessRule<TInput> {
  /** kebab-case, unique in the workflow, e.g. `vendor-active`. */
  name: string;
  /** What it means when the rule fails, for a reviewer. */
  message: string;
  severity: TRuleSeverity;
  /**
   * What a failure means: `review` (a person decides) or `reject` (the run is turned down, e.g.
   * a duplicate invoice). Default `review`; an `info` rule never routes.
   */
  onFail?: 'review' | 'reject';
  check(evidence: Evidence<TInput>): RuleVerdict;
  /** Whether the rule concerns this run at all (default: always); one that does not is not recorded. */
  appliesTo?(evidence: Evidence<TInput>): boolean;
}

/** For rules about the run's document: they concern only runs that were handed one. */
export const withDocument = <TInput>(evidence: Evidence<TInput>) => evidence.document !== null;

/** The lowest confidences a run may proceed on without a person. */
export interface ConfidenceThresholds {
  /** The plan's self-reported confidence. */
  plan: number;
  /** Any `confidence` (0..1) a read tool reports in its output. */
  tool?: number;
}

/** Declares a rule, refusing a bad name before anything runs. */
export function defineRule<TInput>(rule: BusinessRule<TInput>): BusinessRule<TInput> {
  if (!/^[a-z][a-z0-9-]*$/.test(rule.name)) {
    throw new Error(`Rule name "${rule.name}" must be kebab-case, e.g. vendor-active`);
  }
  if (rule.message.trim().length < 10) {
    throw new Error(`Rule ${rule.name}: the message is what a reviewer reads; say what failed`);
  }
  return rule;
}

/** The evidence of a run from its plan and the outputs of its reads. */
export function buildEvidence<TInput>(
  input: TInput,
  plan: TPlan,
  outputs: ReadonlyMap<string, unknown>,
  subject: TSubject | null = null,
  document: DocumentEvidence | null = null,
): Evidence<TInput> {
  return {
    input,
    plan,
    outputs,
    subject,
    document,
    all(tool) {
      return plan.steps
        .filter((step) => step.tool === tool && outputs.has(step.id))
        .map((step) => outputs.get(step.id))
        .filter((output) => output !== null && output !== undefined);
    },
    output(tool) {
      const step = plan.steps.find(
        (candidate) => candidate.tool === tool && outputs.has(candidate.id),
      );
      return step ? outputs.get(step.id) : undefined;
    },
  };
}
