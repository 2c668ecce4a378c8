/**
 * The gate: whether a run's writes may happen now, need a person, or must not happen. Risk comes
 * from the writes' declared side effects and from validation; automatic writes need the
 * workflow's policy to allow them, every rule to pass and the confidences to clear thresholds.
 */
import type { Duration } from '../engine/duration.ts';
import type { JsonValue } from '../engine/types.ts';
import type { Evidence } from './rules.ts';
import type { RouteReason, TRoute, Validation } from './validate.ts';

/** What a write will change, read from the system of record when it was proposed. */
export interface WritePreviewShape {
  target: string;
  changes: { field: string; current: JsonValue | null; proposed: JsonValue | null }[];
}

/** A write the plan proposes, with its input resolved against the reads. */
export interface ProposedWrite {
  stepId: string;
  tool: string;
  /** Resolved against the reads; a reference to an earlier write's output stays a reference. */
  input: { [key: string]: JsonValue };
  sideEffect: 'write' | 'external';
  reversible: boolean;
  /** What it changes now; null when its input waits for an earlier write's output. */
  preview: WritePreviewShape | null;
  /** The earlier write steps its input refers to. */
  dependsOn: string[];
  why: string;
  /** Why its input could not be resolved from the reads; such a write can never run. */
  unresolved: string | null;
  /** Fields in the model's own words (free text): the reviewer sees them marked as such. */
  modelWritten?: string[];
  /** Fields Steward fills when the write runs: the approving person, or `steward`. */
  filledOnApproval?: string[];
}

/** How long a review may wait, and what happens when nobody decides. */
export interface ReviewPolicy {
  timeout: Duration;
  /** `escalate`: the item is marked escalated and waits `escalationTimeout` more, then expires. */
  onTimeout: 'expire' | 'escalate';
  escalationTimeout?: Duration;
}

export interface GatePolicy<TInput> {
  /** Whether these writes may go ahead without a person when validation passed; say why not. */
  autoApprove(
    evidence: Evidence<TInput>,
    writes: readonly ProposedWrite[],
  ): { allowed: true } | { allowed: false; reason: string };
  review: ReviewPolicy;
}

export type TRisk = 'low' | 'medium' | 'high';

export interface GateDecision {
  decision: TRoute;
  risk: TRisk;
  reasons: RouteReason[];
}

/** Routes the run: validation's verdict, then the writes' side effects, then the policy. */
export function routeRun<TInput>(
  validation: Validation,
  writes: readonly ProposedWrite[],
  policy: GatePolicy<TInput>,
  evidence: Evidence<TInput>,
): GateDecision {
  const reasons: RouteReason[] = [...validation.reasons];
  const irreversible = writes.filter(
    (write) => !write.reversible || write.sideEffect === 'external',
  );
  for (const write of irreversible) {
    reasons.push({
      code: 'irreversible-write',
      message: `${write.tool} (step ${write.stepId}) cannot be undone once it runs.`,
      source: 'gate',
    });
  }
  const failedErrors = validation.results.some(
    (result) => !result.passed && result.severity === 'error' && result.onFail !== 'none',
  );
  let risk: TRisk = irreversible.length > 0 || failedErrors ? 'high' : 'low';
  if (risk === 'low' && validation.decision !== 'auto') risk = 'medium';

  const unresolved = writes.filter((write) => write.unresolved !== null);
  for (const write of unresolved) {
    reasons.push({
      code: 'unresolvable-write',
      message: `${write.tool} (step ${write.stepId}) cannot be written: ${write.unresolved}`,
      source: 'gate',
    });
  }
  if (validation.decision === 'reject' || unresolved.length > 0) {
    return { decision: 'reject', risk: 'high', reasons };
  }
  if (writes.length === 0 && validation.decision === 'auto') {
    return { decision: 'auto', risk: 'low', reasons };
  }
  if (validation.decision === 'review' || irreversible.length > 0) {
    return { decision: 'review', risk, reasons };
  }
  const policyVerdict = policy.autoApprove(evidence, writes);
  if (!policyVerdict.allowed) {
    reasons.push({ code: 'policy', message: policyVerdict.reason, source: 'workflow policy' });
    return { decision: 'review', risk: risk === 'low' ? 'medium' : risk, reasons };
  }
  return { decision: 'auto', risk, reasons };
}
