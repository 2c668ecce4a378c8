/**
 * The planner layer: plan schema and checks, the prompt, providers through the AI SDK, the
 * fallback chain from the environment, and the planning step runs use.
 */

import type { Queryable } from '../engine/store.ts';
import type { TEnv } from '../env.ts';
import type { ToolRegistry } from '../tools/registry.ts';
import { parsePlannerChain } from './chain.ts';
import type { PlannerDeps } from './planner.ts';
import { languageModelFor } from './providers.ts';

export * from './chain.ts';
export * from './check-plan.ts';
export * from './plan.ts';
export * from './plan-step.ts';
export * from './planner.ts';
export type { WorkflowPlanning } from './types.ts';

/** The planner as the environment configures it: its chain, providers, timeout and retries. */
export function plannerDepsFromEnv(
  env: Pick<
    TEnv,
    | 'PLANNER_MODEL'
    | 'ANTHROPIC_API_KEY'
    | 'ANTHROPIC_BASE_URL'
    | 'OPENAI_API_KEY'
    | 'OPENAI_BASE_URL'
    | 'OPENAI_COMPATIBLE_API_KEY'
    | 'PLANNER_TIMEOUT_MS'
    | 'PLANNER_MAX_ATTEMPTS'
    | 'PLANNER_RETRY_BASE_MS'
  >,
  db: Queryable,
  registry: ToolRegistry,
): PlannerDeps {
  return {
    db,
    registry,
    chain: parsePlannerChain(env.PLANNER_MODEL, env),
    modelFor: (entry) => languageModelFor(entry, env),
    timeoutMs: env.PLANNER_TIMEOUT_MS,
    maxAttempts: env.PLANNER_MAX_ATTEMPTS,
    retryBaseMs: env.PLANNER_RETRY_BASE_MS,
  };
}
