/**
 * What a workflow tells the planner: the goal, the rules particular to it, the tools it allows,
 * its budgets, and its offline planner (the deterministic plan it makes for an input with no
 * model at all: the default without an API key, and the last fallback when models fail).
 */
import type { PlanProblem } from './check-plan.ts';
import type { TPlan } from './plan.ts';

export interface WorkflowPlanning<TInput> {
  /** What a good plan achieves, in words for the model: the workflow's purpose. */
  goal: string;
  /** Rules particular to this workflow that the plan must follow, one sentence each. */
  rules: readonly string[];
  /** The registry tools its plans may use (the allow-list); the prompt shows only these. */
  tools: readonly string[];
  maxSteps: number;
  /** Sum of the tools' `estimatedCost` (default 1 each) a plan may reach. */
  maxCost?: number;
  /** The deterministic plan for this input. It goes through the same checks as a model's. */
  offline(input: TInput): TPlan;
  /**
   * Checks a plan against the run's input, e.g. that the invoice it looks up is the input's and
   * not one named in text the input carries. Problems use the code `INPUT_MISMATCH`.
   */
  checkAgainstInput?(plan: TPlan, input: TInput): PlanProblem[];
}
