/**
 * The pipeline's steps between the reads and the writes: validation (recorded per rule) and the
 * gate's routing, as memoized steps; and turning a run down with the workflow's safe action.
 */
import type { StepApi } from '../engine/types.ts';
import type { TPlan } from '../planner/plan.ts';
import { executeTool, toolStepOptions } from '../tools/registry.ts';
import { type GateDecision, type ProposedWrite, routeRun } from '../validation/gate.ts';
import { recordValidation } from '../validation/record.ts';
import { buildEvidence, type Evidence } from '../validation/rules.ts';
import { validateRun } from '../validation/validate.ts';
import type { PlannedRunResult, PlannedWorkflowSpec } from './planned-workflow.ts';
import type { WorkflowServices } from './services.ts';

/** A deterministic write the workflow makes when a run is turned down. */
export interface RejectAction {
  tool: string;
  input: Record<string, unknown>;
}

/** Validates the run (step `validate`, results recorded) and routes it (step `gate`). */
export async function validateAndRoute<TInput>(
  step: StepApi,
  services: WorkflowServices,
  spec: PlannedWorkflowSpec<TInput>,
  run: {
    input: TInput;
    plan: TPlan;
    reads: ReadonlyMap<string, unknown>;
    proposal: ProposedWrite[];
  },
): Promise<{ evidence: Evidence<TInput>; gate: GateDecision }> {
  const evidence = buildEvidence(run.input, run.plan, run.reads);
  const validation = await step.run(
    'validate',
    async (context) => {
      const result = validateRun(evidence, spec.rules, spec.thresholds);
      await recordValidation(services.db, context.runId, context.stepId, result.results);
      return result;
    },
    { kind: 'validate' },
  );
  const gate = await step.run(
    'gate',
    () => routeRun(validation, run.proposal, spec.gate, evidence),
    {
      kind: 'gate',
    },
  );
  return { evidence, gate };
}

/** Ends a turned-down run: the workflow's safe action (if any) runs, nothing else is written. */
export async function turnDown<TInput>(
  step: StepApi,
  services: WorkflowServices,
  spec: PlannedWorkflowSpec<TInput>,
  evidence: Evidence<TInput>,
  why: {
    by: 'rules' | 'reviewer';
    reviewItemId: string | null;
    reasons: { code: string; message: string }[];
  },
): Promise<PlannedRunResult> {
  const first = why.reasons[0] ?? { code: 'rejected', message: 'Rejected' };
  const action = spec.onReject?.(evidence, first) ?? null;
  let output: unknown = null;
  if (action) {
    const tool = services.tools.get(action.tool);
    if (!tool) throw new Error(`The reject action names unknown tool ${action.tool}`);
    output = await step.run(
      'on-reject',
      (context) =>
        executeTool(services.tools, action.tool, action.input, {
          clients: services.clients,
          allowList: spec.planning.tools,
          idempotencyKey: context.idempotencyKey,
          signal: context.signal,
        }),
      toolStepOptions(tool),
    );
  }
  return {
    outcome: 'rejected',
    by: why.by,
    reviewItemId: why.reviewItemId,
    reasons: why.reasons.map(({ code, message }) => ({ code, message })),
    action: action ? { tool: action.tool, output } : null,
  };
}
