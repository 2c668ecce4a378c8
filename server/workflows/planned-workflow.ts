/**
 * A planned workflow, the pipeline of DESIGN.md section 2: plan (a memoized step; a person when
 * no plan passes the checks), the plan's reads as durable tool steps, validation (rules and
 * thresholds, recorded per rule), the gate (auto, review or reject), then the approved writes
 * with compensation, or the workflow's safe action when the run is turned down.
 */
import type { z } from 'zod';
import { defineWorkflow } from '../engine/define-workflow.ts';
import type { Duration } from '../engine/duration.ts';
import type { JsonValue, StepApi, WorkflowDefinition } from '../engine/types.ts';
import type { TPlan } from '../planner/plan.ts';
import { planStep, reviewUnplannedRun, runPlanSteps, splitPlan } from '../planner/plan-step.ts';
import type { PlanOutcome } from '../planner/planner.ts';
import type {
  ProvenanceContext,
  TSubject,
  TSubjectResolution,
  TWriteValueSources,
} from '../planner/subject.ts';
import type { WorkflowPlanning } from '../planner/types.ts';
import type { ReviewSummary } from '../review/open-review-item.ts';
import { ACTOR_PLACEHOLDER } from '../tools/provenance.ts';
import type { GatePolicy, ProposedWrite } from '../validation/gate.ts';
import type { BusinessRule, ConfidenceThresholds, Evidence } from '../validation/rules.ts';
import {
  type RejectAction,
  turnDown,
  turnDownUnknownSubject,
  validateAndRoute,
} from './gate-steps.ts';
import { proposeWrites } from './propose-writes.ts';
import { reviewWrites } from './review-gate.ts';
import { runApprovedWrites } from './run-writes.ts';
import type { WorkflowServices } from './services.ts';
import { resolveSubjectStep, type SubjectTools } from './subject-step.ts';

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
  /** Where each value field of each write tool may come from, for this input and subject. */
  writeValues(input: TInput, subject: TSubject): TWriteValueSources;
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

function decisionOf(data: unknown): { verdict: string; reasonCode: string | null } | null {
  if (data === null || typeof data !== 'object') return null;
  const record = data as Record<string, unknown>;
  return {
    verdict: typeof record.verdict === 'string' ? record.verdict : 'unknown',
    reasonCode: typeof record.reasonCode === 'string' ? record.reasonCode : null,
  };
}

/** Plans the run and executes the plan's reads; what comes after the reads is the caller's. */
export async function planAndRead<TInput>(
  spec: Pick<PlannedWorkflowSpec<TInput>, 'id' | 'title' | 'planning' | 'unplannedReviewTimeout'>,
  services: WorkflowServices,
  context: { input: TInput; step: StepApi; provenance?: ProvenanceContext },
): Promise<Extract<PlannedRunResult, { outcome: 'unplanned' | 'planned' }>> {
  const { step, input } = context;
  const outcome = await planStep(step, services.planner, {
    workflow: { id: spec.id, title: spec.title },
    planning: spec.planning,
    input,
    provenance: context.provenance,
  });
  if (outcome.status === 'rejected') {
    const review = await reviewUnplannedRun(
      step,
      services.planner,
      outcome,
      spec.unplannedReviewTimeout,
    );
    return {
      outcome: 'unplanned',
      reviewItemId: review.reviewItemId,
      decision: review.decision ? decisionOf(review.decision.data) : null,
      failures: outcome.failures,
    };
  }
  const { reads, writes } = splitPlan(services.tools, outcome.plan);
  const outputs = await runPlanSteps(
    step,
    {
      registry: services.tools,
      clients: services.clients,
      allowList: spec.planning.tools,
      subject: context.provenance?.subject,
    },
    reads,
    new Map(),
  );
  return {
    outcome: 'planned',
    plan: outcome.plan,
    planner: outcome.planner,
    reads: Object.fromEntries(outputs),
    writes,
  };
}

/** The whole pipeline: plan, reads, validation, gate, then writes (or the safe action). */
export async function runPlannedWorkflow<TInput>(
  spec: PlannedWorkflowSpec<TInput>,
  services: WorkflowServices,
  context: { input: TInput; step: StepApi },
): Promise<PlannedRunResult> {
  const { step, input } = context;
  const resolution = await resolveSubjectStep(step, services, spec, input);
  if (!resolution.found) {
    return turnDownUnknownSubject(step, services, resolution);
  }
  const { subject } = resolution;
  const provenance: ProvenanceContext = {
    subject,
    values: spec.writeValues(input, subject),
    input,
  };
  const planned = await planAndRead(spec, services, { ...context, provenance });
  if (planned.outcome === 'unplanned') return planned;

  const reads = new Map(Object.entries(planned.reads));
  const tools = {
    registry: services.tools,
    clients: services.clients,
    allowList: spec.planning.tools,
  };
  const propose = (signal?: AbortSignal) =>
    proposeWrites(planned.writes, reads, { ...tools, signal });
  const proposal: ProposedWrite[] = await step.run('propose-writes', (c) => propose(c.signal), {
    kind: 'gate',
  });
  const { evidence, gate, proven } = await validateAndRoute(step, services, spec, {
    input,
    plan: planned.plan,
    reads,
    proposal,
    provenance,
  });

  let writes = proposal;
  let reviewItemId: string | null = null;
  let approvedById: string | null = null;
  if (gate.decision === 'reject') {
    return turnDown(step, services, spec, evidence, {
      by: proven ? 'rules' : 'gate',
      reviewItemId,
      reasons: gate.reasons,
    });
  }
  if (gate.decision === 'review') {
    const review = await reviewWrites(step, {
      db: services.db,
      risk: gate.risk,
      reasons: gate.reasons,
      writes: proposal,
      summary: {
        ...spec.summarize(evidence, proposal),
        // The proof passed (or the run would have been turned down): every target is the subject.
        targets: proposal.map((write) => ({
          label: write.preview?.target ?? `${write.tool} (${write.why})`,
          onSubject: proven,
        })),
      },
      policy: spec.gate.review,
      proposeAgain: () => propose(),
    });
    reviewItemId = review.reviewItemId;
    if (review.verdict === 'expired') return { outcome: 'expired', reviewItemId };
    if (review.verdict === 'rejected') {
      const message =
        review.note ?? `Rejected by a reviewer (${review.reasonCode ?? 'no reason code'})`;
      return turnDown(step, services, spec, evidence, {
        by: 'reviewer',
        reviewItemId,
        reasons: [{ code: review.reasonCode ?? 'rejected', message }],
      });
    }
    writes = review.writes;
    approvedById = review.decidedById;
  }
  await waitForEffectiveDate(step, spec.writesNotBefore?.(input) ?? null);
  const actor = await step.run('actor', () => actorOf(services.db, approvedById), {
    kind: 'gate',
  });
  const outputs = await runApprovedWrites(step, { ...tools, subject, actor }, writes);
  return {
    outcome: 'completed',
    route: reviewItemId === null ? 'auto' : 'approved',
    reviewItemId,
    writes: Object.fromEntries([...outputs].map(([id, output]) => [id, output as JsonValue])),
  };
}

/** Who the writes are made for: the approving person (name and email), or `steward`. */
async function actorOf(db: WorkflowServices['db'], userId: string | null): Promise<string> {
  if (userId === null) return ACTOR_PLACEHOLDER;
  const { rows } = await db.query<{ name: string; email: string }>(
    'SELECT name, email FROM users WHERE id = $1',
    [userId],
  );
  const user = rows[0];
  return (user ? `${user.name} <${user.email}>` : `reviewer ${userId}`).slice(0, 200);
}

/** Writes that apply from a later day wait for it, durably (the run sleeps; no worker is held). */
async function waitForEffectiveDate(step: StepApi, notBefore: Date | null): Promise<void> {
  if (notBefore === null) return;
  const wait = await step.run(
    'effective-date',
    () => Math.max(0, notBefore.getTime() - Date.now()),
    {
      kind: 'gate',
    },
  );
  if (wait > 0) await step.sleep('wait-for-effective-date', wait);
}

/** The workflow definition of a planned workflow, for the engines' registries. */
export function definePlannedWorkflow<TInput>(
  spec: PlannedWorkflowSpec<TInput>,
  services: () => WorkflowServices,
): WorkflowDefinition<TInput, PlannedRunResult> {
  return defineWorkflow({
    id: spec.id,
    version: spec.version,
    title: spec.title,
    description: spec.description,
    input: spec.input,
    tools: spec.planning.tools,
    run: ({ input, step }) => runPlannedWorkflow(spec, services(), { input, step }),
  });
}
