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
import type { WorkflowPlanning } from '../planner/types.ts';
import type { ReviewSummary } from '../review/open-review-item.ts';
import type { GatePolicy, ProposedWrite } from '../validation/gate.ts';
import type { BusinessRule, ConfidenceThresholds, Evidence } from '../validation/rules.ts';
import { type RejectAction, turnDown, validateAndRoute } from './gate-steps.ts';
import { proposeWrites } from './propose-writes.ts';
import { reviewWrites } from './review-gate.ts';
import { runApprovedWrites } from './run-writes.ts';
import type { WorkflowServices } from './services.ts';

export interface PlannedWorkflowSpec<TInput> {
  id: string;
  version: number;
  /** For requesters: what the workflow does, in their words. */
  title: string;
  description: string;
  input: z.ZodType<TInput>;
  planning: WorkflowPlanning<TInput>;
  /** How long a person has to look at a run no planner could plan, before it expires. */
  unplannedReviewTimeout: Duration;
  rules: readonly BusinessRule<TInput>[];
  thresholds: ConfidenceThresholds;
  gate: GatePolicy<TInput>;
  /** The item at a glance for the review console: a title and the key figures. */
  summarize(evidence: Evidence<TInput>): ReviewSummary;
  /** The safe write made when the run is turned down (e.g. hold the invoice), if any. */
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
      by: 'rules' | 'reviewer';
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
  context: { input: TInput; step: StepApi },
): Promise<Extract<PlannedRunResult, { outcome: 'unplanned' | 'planned' }>> {
  const { step, input } = context;
  const outcome = await planStep(step, services.planner, {
    workflow: { id: spec.id, title: spec.title },
    planning: spec.planning,
    input,
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
    { registry: services.tools, clients: services.clients, allowList: spec.planning.tools },
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
  const planned = await planAndRead(spec, services, context);
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
  const { evidence, gate } = await validateAndRoute(step, services, spec, {
    input,
    plan: planned.plan,
    reads,
    proposal,
  });

  let writes = proposal;
  let reviewItemId: string | null = null;
  if (gate.decision === 'reject') {
    return turnDown(step, services, spec, evidence, {
      by: 'rules',
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
      summary: spec.summarize(evidence),
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
  }
  const outputs = await runApprovedWrites(step, tools, writes);
  return {
    outcome: 'completed',
    route: reviewItemId === null ? 'auto' : 'approved',
    reviewItemId,
    writes: Object.fromEntries([...outputs].map(([id, output]) => [id, output as JsonValue])),
  };
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
