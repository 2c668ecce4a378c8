/**
 * The planner inside a run. Planning is a memoized step (`plan`): once a plan is accepted it is
 * part of the run, so re-execution, a replay from the failed step and a replay from the start
 * never ask a model again. When no planner produced an acceptable plan, the run opens a review
 * item with every reason and waits for a person. The plan's steps then run as tool steps, each
 * input resolved against the outputs before it.
 */
import type { Duration } from '../engine/duration.ts';
import type { StepApi } from '../engine/types.ts';
import {
  openReviewItem,
  REVIEW_DECIDED_EVENT,
  type ReviewReason,
} from '../review/open-review-item.ts';
import type { ToolClients } from '../tools/define-tool.ts';
import { executeTool, type ToolRegistry, toolStepOptions } from '../tools/registry.ts';
import { referencesIn, type TPlan, type TPlanStep } from './plan.ts';
import { type PlannerDeps, type PlanOutcome, type PlanRequest, planRun } from './planner.ts';
import { ReferenceResolutionError, resolveReferences } from './resolve.ts';
import { keysOffSubject, type TSubject } from './subject.ts';

/** The planning step's id in every planned run. */
export const PLAN_STEP = 'plan';
/** The step that opens a review item when no plan passed the checks. */
export const PLAN_REVIEW_STEP = 'plan-review';
export { REVIEW_DECIDED_EVENT };

/** The checkpoint id of a plan step's tool call. */
export function toolStepId(planStepId: string): string {
  return `tool:${planStepId}`;
}

/** Plans the run, once: the outcome is memoized like any step's output. */
export function planStep<TInput>(
  step: StepApi,
  deps: PlannerDeps,
  request: Omit<PlanRequest<TInput>, 'runId' | 'stepId' | 'signal'>,
): Promise<PlanOutcome> {
  return step.run(
    PLAN_STEP,
    (context) =>
      planRun(deps, {
        ...request,
        runId: context.runId,
        stepId: context.stepId,
        signal: context.signal,
      }),
    { kind: 'plan' },
  );
}

/** The reasons a rejected planning outcome gives a reviewer. */
export function planFailureReasons(outcome: Extract<PlanOutcome, { status: 'rejected' }>) {
  return outcome.failures.flatMap((failure): ReviewReason[] =>
    failure.problems.length === 0
      ? [{ code: 'PLANNER_FAILED', message: failure.message, source: failure.planner }]
      : failure.problems.map((problem) => ({
          code: problem.code,
          message: problem.stepId
            ? `Step "${problem.stepId}": ${problem.message}`
            : problem.message,
          source: failure.planner,
        })),
  );
}

/**
 * No plan passed the checks: a person sees why. Opens a review item (no writes are proposed)
 * and waits for the decision, or `null` when nobody decided within `timeout`.
 */
export async function reviewUnplannedRun(
  step: StepApi,
  deps: Pick<PlannerDeps, 'db'>,
  outcome: Extract<PlanOutcome, { status: 'rejected' }>,
  timeout: Duration,
) {
  const reviewItemId = await step.run(
    PLAN_REVIEW_STEP,
    (context) =>
      openReviewItem(deps.db, {
        runId: context.runId,
        stepId: context.stepId,
        risk: 'high',
        reasons: planFailureReasons(outcome),
        proposedWrites: [],
      }),
    { kind: 'gate' },
  );
  const decision = await step.waitForEvent(`${PLAN_REVIEW_STEP}.decision`, {
    event: REVIEW_DECIDED_EVENT,
    match: { reviewItemId },
    timeout,
  });
  return { reviewItemId, decision };
}

/** The tools a plan's steps run with. */
export interface PlanExecution {
  registry: ToolRegistry;
  clients: ToolClients;
  allowList: readonly string[];
  /** The run's subject: a read whose resolved keys name another record is not made. */
  subject?: TSubject;
}

/** Whether a plan step writes (its tool's side effect is `write` or `external`). */
export function isWriteStep(registry: ToolRegistry, planStep: TPlanStep): boolean {
  const sideEffect = registry.get(planStep.tool)?.sideEffect;
  return sideEffect === 'write' || sideEffect === 'external';
}

/**
 * Runs these steps of the plan in order, each a durable tool step whose input is resolved
 * against `outputs` (the outputs of the steps before it), and adds each output to `outputs`.
 */
export async function runPlanSteps(
  step: StepApi,
  execution: PlanExecution,
  steps: readonly TPlanStep[],
  outputs: Map<string, unknown>,
): Promise<Map<string, unknown>> {
  for (const planned of steps) {
    const tool = execution.registry.get(planned.tool);
    if (!tool) throw new Error(`Plan step "${planned.id}" names unknown tool ${planned.tool}`);
    const output = await step.run(
      toolStepId(planned.id),
      (context) => {
        const isRead = !isWriteStep(execution.registry, planned);
        let input: Record<string, unknown>;
        try {
          input = resolveReferences(planned.id, planned.input, outputs);
        } catch (error) {
          // What the read needs is not in the earlier outputs (the directory does not know the
          // company): there is nothing to read; the rules see a null output.
          if (isRead && error instanceof ReferenceResolutionError) return null;
          throw error;
        }
        // Nothing to look up (the invoice has no purchase order): the read is skipped, its
        // output is null, and the workflow's rules see that.
        if (isRead && referencesNull(planned.input, input)) return null;
        // Another record than the run's: it is not read; the gate sees the keys and turns the
        // run down.
        const { subject } = execution;
        if (isRead && subject && keysOffSubject(tool.provenance, input, subject).length > 0) {
          return null;
        }
        return executeTool(execution.registry, planned.tool, input, {
          clients: execution.clients,
          allowList: execution.allowList,
          idempotencyKey: context.idempotencyKey,
          signal: context.signal,
        });
      },
      toolStepOptions(tool),
    );
    outputs.set(planned.id, output);
  }
  return outputs;
}

/** Whether a reference in `planned` resolved to null in `resolved`. */
function referencesNull(planned: Record<string, unknown>, resolved: Record<string, unknown>) {
  return referencesIn(planned).some((reference) => {
    let node: unknown = resolved;
    for (const segment of reference.path) {
      node =
        node !== null && typeof node === 'object'
          ? (node as Record<string, unknown>)[segment]
          : undefined;
    }
    return node === null;
  });
}

/** The plan's reads (everything before its first write) and its writes. */
export function splitPlan(registry: ToolRegistry, plan: TPlan) {
  const firstWrite = plan.steps.findIndex((planned) => isWriteStep(registry, planned));
  const cut = firstWrite === -1 ? plan.steps.length : firstWrite;
  return { reads: plan.steps.slice(0, cut), writes: plan.steps.slice(cut) };
}
