/**
 * What a planned workflow declares (its spec) and how a planned run ends (its result): shared by
 * the pipeline (planned-workflow.ts), its steps and the workflows.
 */
import type { z } from 'zod';
import type { Duration } from '../engine/duration.ts';
import type { TPlan } from '../planner/plan.ts';
import type { PlanOutcome } from '../planner/planner.ts';
import type { TSubject, TSubjectResolution, TWriteValueSources } from '../planner/subject.ts';
import type { WorkflowPlanning } from '../planner/types.ts';
import type { ReviewSummary } from '../review/open-review-item.ts';
import type { GatePolicy, ProposedWrite } from '../validation/gate.ts';
import type { BusinessRule, ConfidenceThresholds, Evidence } from '../validation/rules.ts';
import type { DocumentEvidence, DocumentIntake } from './document-stage.ts';
import type { RejectAction } from './gate-steps.ts';
import type { SubjectTools } from './subject-step.ts';

export interface PlannedWorkflowSpec<TInput> {
  id: string;
  version: number;
  /** For requesters: what the workflow does, in their words. */
  title: string;
  description: string;
  input: z.ZodType<TInput>;
  planning: WorkflowPlanning<TInput>;
  /**
   * The records a run may change, resolved from its input by the workflow's own code (never by
   * the plan); an input that names none is turned down with the reason.
   */
  resolveSubject(input: TInput, tools: SubjectTools): Promise<TSubjectResolution>;
  /**
   * Where each value field of each write tool may come from, for this input and subject (and
   * the document's proven values, when the run was handed a document).
   */
  writeValues(
    input: TInput,
    subject: TSubject,
    document: DocumentEvidence | null,
  ): TWriteValueSources;
  /** How the workflow takes a document instead of typed fields (server/workflows/document-stage.ts). */
  document?: DocumentIntake;
  /** The earliest moment the writes may run (an address change's effective date), or null. */
  writesNotBefore?(input: TInput): Date | null;
  /** How long a person has to look at a run no planner could plan, before it expires. */
  unplannedReviewTimeout: Duration;
  rules: readonly BusinessRule<TInput>[];
  thresholds: ConfidenceThresholds;
  gate: GatePolicy<TInput>;
  /**
   * The item at a glance for the review console: a title and the key figures, taken from the
   * write targets (which the gate proved are the subject) and the subject's records.
   */
  summarize(evidence: Evidence<TInput>, writes: readonly ProposedWrite[]): ReviewSummary;
  /**
   * The safe write made when the rules or a reviewer turn the run down (e.g. hold the invoice),
   * if any: on the subject, and only where the subject's state allows it.
   */
  onReject?(
    evidence: Evidence<TInput>,
    reason: { code: string; message: string },
  ): RejectAction | null;
}

type Failures = Extract<PlanOutcome, { status: 'rejected' }>['failures'];

/** How a planned run ended. */
export type PlannedRunResult =
  | {
      outcome: 'unplanned';
      reviewItemId: string;
      decision: { verdict: string; reasonCode: string | null } | null;
      failures: Failures;
    }
  | {
      outcome: 'planned';
      plan: TPlan;
      planner: string;
      reads: Record<string, unknown>;
      writes: TPlan['steps'];
    }
  | {
      outcome: 'completed';
      route: 'auto' | 'approved';
      reviewItemId: string | null;
      writes: Record<string, unknown>;
    }
  | {
      outcome: 'rejected';
      /** `gate`: the writes could not be proven (off the subject, unproven values). */
      by: 'rules' | 'reviewer' | 'gate';
      reviewItemId: string | null;
      reasons: { code: string; message: string }[];
      action: { tool: string; output: unknown } | null;
    }
  | { outcome: 'expired'; reviewItemId: string };
