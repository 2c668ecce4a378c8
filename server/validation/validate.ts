/**
 * Validation: every rule and threshold evaluated on a run's evidence, each result kept, and a
 * routing decision with its reasons: `auto` (may proceed), `review` (a person decides) or
 * `reject`. A rule that throws fails as an error, never passes.
 */
import type { JsonValue } from '../engine/types.ts';
import type { BusinessRule, ConfidenceThresholds, Evidence, TRuleSeverity } from './rules.ts';

/** One row of validation_results. */
export interface ValidationResultRow {
  rule: string;
  severity: TRuleSeverity;
  passed: boolean;
  message: string;
  details: { [key: string]: JsonValue } | null;
  /** What a failure routes to. */
  onFail: 'none' | 'review' | 'reject';
}

export type TRoute = 'auto' | 'review' | 'reject';

/** Why a run is routed where it is, as a reviewer reads it. */
export interface RouteReason {
  code: string;
  message: string;
  source: string;
}

export interface Validation {
  decision: TRoute;
  reasons: RouteReason[];
  results: ValidationResultRow[];
}

function confidenceOf(output: unknown): number | null {
  if (output === null || typeof output !== 'object' || !('confidence' in output)) return null;
  const value = output.confidence;
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : null;
}

function evaluate<TInput>(
  rule: BusinessRule<TInput>,
  evidence: Evidence<TInput>,
): ValidationResultRow {
  const onFail = rule.severity === 'info' ? 'none' : (rule.onFail ?? 'review');
  try {
    const verdict = rule.check(evidence);
    return {
      rule: rule.name,
      severity: rule.severity,
      passed: verdict.passed,
      message: verdict.message ?? rule.message,
      details: verdict.details ?? null,
      onFail,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      rule: rule.name,
      severity: 'error',
      passed: false,
      message: `${rule.message} (the rule could not be evaluated: ${reason})`,
      details: null,
      onFail: onFail === 'none' ? 'review' : onFail,
    };
  }
}

/** Evaluates the rules and thresholds on the evidence; the decision follows the worst failure. */
export function validateRun<TInput>(
  evidence: Evidence<TInput>,
  rules: readonly BusinessRule<TInput>[],
  thresholds: ConfidenceThresholds,
  /** Results the pipeline computed itself (the proof of the writes), first. */
  computed: readonly ValidationResultRow[] = [],
): Validation {
  // A rule about something the run does not have (a document's cross-check on typed input) is
  // not recorded at all: a row would claim a check that never looked at anything.
  const applicable = rules.filter((rule) => rule.appliesTo?.(evidence) ?? true);
  const results = [...computed, ...applicable.map((rule) => evaluate(rule, evidence))];
  const planConfidence = evidence.plan.confidence;
  results.push({
    rule: 'plan-confidence',
    severity: 'warning',
    passed: planConfidence >= thresholds.plan,
    message: `The planner's confidence is ${planConfidence.toFixed(2)}; ${thresholds.plan.toFixed(2)} is needed to proceed without a person.`,
    details: { confidence: planConfidence, threshold: thresholds.plan },
    onFail: 'review',
  });
  const toolThreshold = thresholds.tool;
  if (toolThreshold !== undefined) {
    for (const step of evidence.plan.steps) {
      const confidence = confidenceOf(evidence.outputs.get(step.id));
      if (confidence === null) continue;
      results.push({
        rule: `tool-confidence:${step.id}`,
        severity: 'warning',
        passed: confidence >= toolThreshold,
        message: `${step.tool} reports confidence ${confidence.toFixed(2)}; ${toolThreshold.toFixed(2)} is needed.`,
        details: { confidence, threshold: toolThreshold, tool: step.tool },
        onFail: 'review',
      });
    }
  }
  const failed = results.filter((result) => !result.passed && result.onFail !== 'none');
  const reasons = failed.map((result) => ({
    code: result.rule,
    message: result.message,
    source: result.onFail === 'reject' ? 'rule (reject)' : `rule (${result.severity})`,
  }));
  const decision: TRoute = failed.some((result) => result.onFail === 'reject')
    ? 'reject'
    : failed.length > 0
      ? 'review'
      : 'auto';
  return { decision, reasons, results };
}
