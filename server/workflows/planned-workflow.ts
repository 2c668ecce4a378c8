/**
 * A planned workflow: the model (or the workflow's offline planner) plans, the plan is checked,
 * and deterministic code executes it. This is the pipeline of DESIGN.md section 2: plan (a
 * memoized step), a person when no plan passes the checks, then the plan's reads as durable
 * tool steps. Validation, the gate and the writes after it build on the reads' outputs.
 */
import type { z } from 'zod';
import { defineWorkflow } from '../engine/define-workflow.ts';
import type { Duration } from '../engine/duration.ts';
import type { StepApi, WorkflowDefinition } from '../engine/types.ts';
import type { TPlan } from '../planner/plan.ts';
import { planStep, reviewUnplannedRun, runPlanSteps, splitPlan } from '../planner/plan-step.ts';
import type { PlanOutcome } from '../planner/planner.ts';
import type { WorkflowPlanning } from '../planner/types.ts';
import type { WorkflowServices } from './services.ts';

export interface PlannedWorkflowSpec<TInput> {
  id: string;
  version: number;
  title: string;
  description: string;
  input: z.ZodType<TInput>;
  planning: WorkflowPlanning<TInput>;
  /** How long a person has to look at a run no planner could plan, before it expires. */
  unplannedReviewTimeout: Duration;
}

/** How a planned run ended when it stopped short of its writes. */
export type PlannedRunResult =
  | {
      outcome: 'unplanned';
      reviewItemId: string;
      decision: { verdict: string; reasonCode: string | null } | null;
      failures: Extract<PlanOutcome, { status: 'rejected' }>['failures'];
    }
  | {
      outcome: 'planned';
      plan: TPlan;
      planner: string;
      /** Each read step's output, by plan step id. */
      reads: Record<string, unknown>;
      /** The write steps the plan proposes, still unresolved. */
      writes: TPlan['steps'];
    };

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
  spec: PlannedWorkflowSpec<TInput>,
  services: WorkflowServices,
  context: { input: TInput; step: StepApi },
): Promise<PlannedRunResult> {
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

/** The workflow definition of a planned workflow, for engines' registries. */
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
    run: ({ input, step }) => planAndRead(spec, services(), { input, step }),
  });
}
