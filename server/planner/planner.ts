/**
 * The planner: asks each planner of the chain in turn for a plan, checks every answer, sends a
 * rejected plan back to the same model once (repair), and moves on to the next planner when a
 * provider keeps failing or the repaired plan is rejected too. Every call is recorded. When no
 * planner produced a plan that passes the checks, the outcome carries every reason, for a person.
 */
import type { LanguageModel } from 'ai';
import type { Queryable } from '../engine/store.ts';
import type { ToolRegistry } from '../tools/registry.ts';
import { parsedAnswerProblem, rawAnswerProblem, recordableText } from './answer-limits.ts';
import { askWithRetries } from './ask-with-retries.ts';
import { type PlannerEntry, plannerLabel } from './chain.ts';
import { checkPlan, type PlanProblem } from './check-plan.ts';
import { recordModelCall } from './model-calls.ts';
import { parseAnswer } from './parse-answer.ts';
import type { TPlan } from './plan.ts';
import { buildPlannerPrompt, buildRepairMessage, type PlannerPrompt } from './prompt.ts';
import { checkProvenance } from './provenance.ts';
import type { ProvenanceContext } from './subject.ts';
import type { WorkflowPlanning } from './types.ts';

/** What the planner needs from its surroundings. */
export interface PlannerDeps {
  db: Queryable;
  registry: ToolRegistry;
  chain: readonly PlannerEntry[];
  /** The AI SDK model of a chain entry (server/planner/providers.ts in the app). */
  modelFor(entry: Exclude<PlannerEntry, { provider: 'offline' }>): LanguageModel;
  timeoutMs: number;
  /** Tries per planner when the provider times out, rate-limits or fails. */
  maxAttempts: number;
  retryBaseMs: number;
}

/** One planning request: a workflow's plan for one input, inside a run's step (or not). */
export interface PlanRequest<TInput> {
  runId: string | null;
  stepId: string | null;
  workflow: { id: string; title: string };
  planning: WorkflowPlanning<TInput>;
  input: TInput;
  /** The run's subject and the sources of its write values: plans are proven against them. */
  provenance?: ProvenanceContext;
  signal?: AbortSignal;
}

/** Why one planner of the chain produced no plan. */
export interface PlannerFailure {
  planner: string;
  kind: 'provider-error' | 'rejected-plan';
  message: string;
  problems: PlanProblem[];
}

/** The planning step's result, memoized with the run. */
export type PlanOutcome =
  | {
      status: 'accepted';
      plan: TPlan;
      planner: string;
      /** The model call whose answer was accepted. */
      modelCallId: string;
      /** The plan came from the repair round. */
      repaired: boolean;
      /** The planners before it that failed, and why. */
      failures: PlannerFailure[];
    }
  | { status: 'rejected'; failures: PlannerFailure[] };

type Attempt =
  | { kind: 'plan'; plan: TPlan; modelCallId: string }
  | { kind: 'rejected'; problems: PlanProblem[]; raw: string }
  | { kind: 'provider-error'; message: string };

type CheckResult = { ok: true; plan: TPlan } | { ok: false; problems: PlanProblem[] };

const refused = (code: PlanProblem['code'], message: string): CheckResult => ({
  ok: false,
  problems: [{ code, stepId: null, message }],
});

/**
 * Every check of a proposal: its limits, its shape and tools, the run's input, the subject and
 * the provenance of its writes. Never throws: a proposal that breaks a check is refused (CHECK_FAILED).
 */
function checkAll<TInput>(
  value: unknown,
  request: PlanRequest<TInput>,
  deps: PlannerDeps,
): CheckResult {
  try {
    const limit = parsedAnswerProblem(value);
    if (limit) return refused('ANSWER_LIMIT', limit);
    const { planning } = request;
    const result = checkPlan(value, {
      registry: deps.registry,
      allowList: planning.tools,
      maxSteps: planning.maxSteps,
      maxCost: planning.maxCost,
    });
    if (!result.ok) return result;
    const problems = [
      ...(planning.checkAgainstInput?.(result.plan, request.input) ?? []),
      ...(request.provenance
        ? checkProvenance(result.plan, deps.registry, request.provenance)
        : []),
    ];
    return problems.length === 0 ? result : { ok: false, problems };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return refused(
      'CHECK_FAILED',
      `The checks could not read this plan (${reason.slice(0, 300)}).`,
    );
  }
}

/** Asks one model (with retries on provider trouble), then checks and records its answer. */
async function askModel<TInput>(
  deps: PlannerDeps,
  request: PlanRequest<TInput>,
  entry: Exclude<PlannerEntry, { provider: 'offline' }>,
  prompt: PlannerPrompt,
): Promise<Attempt> {
  const model = deps.modelFor(entry);
  const base = {
    runId: request.runId,
    stepId: request.stepId,
    provider: entry.provider,
    model: entry.model,
    prompt,
  };
  const answer = await askWithRetries(deps, model, prompt, { ...base, signal: request.signal });
  if (!answer.ok) {
    return { kind: 'provider-error', message: `${plannerLabel(entry)} failed: ${answer.message}` };
  }
  const tooLong = rawAnswerProblem(answer.text);
  const parsed = tooLong ? null : parseAnswer(answer.text);
  const checked: CheckResult = tooLong
    ? refused('ANSWER_LIMIT', tooLong)
    : parsed?.ok
      ? checkAll(parsed.value, request, deps)
      : refused('MALFORMED_PLAN', parsed?.message ?? 'The answer could not be read.');
  // An answer beyond the limits is kept as text only (cut), never as a parsed value.
  const withinLimits = parsed?.ok === true && parsedAnswerProblem(parsed.value) === null;
  const modelCallId = await recordModelCall(deps.db, {
    ...base,
    rawResponse: answer.text,
    parsedPlan: withinLimits && parsed?.ok ? parsed.value : undefined,
    checkResults: { ok: checked.ok, problems: checked.ok ? [] : checked.problems },
    inputTokens: answer.inputTokens,
    outputTokens: answer.outputTokens,
    latencyMs: answer.latencyMs,
    error: null,
  });
  return checked.ok
    ? { kind: 'plan', plan: checked.plan, modelCallId }
    : { kind: 'rejected', problems: checked.problems, raw: recordableText(answer.text) };
}

/** Runs the workflow's offline planner, through the same checks and the same record. */
async function planOffline<TInput>(
  deps: PlannerDeps,
  request: PlanRequest<TInput>,
  prompt: PlannerPrompt,
): Promise<Attempt> {
  const started = performance.now();
  const proposal = request.planning.offline(request.input);
  const checked = checkAll(proposal, request, deps);
  const modelCallId = await recordModelCall(deps.db, {
    runId: request.runId,
    stepId: request.stepId,
    provider: 'offline',
    model: request.workflow.id,
    prompt,
    rawResponse: JSON.stringify(proposal),
    parsedPlan: proposal,
    checkResults: { ok: checked.ok, problems: checked.ok ? [] : checked.problems },
    inputTokens: null,
    outputTokens: null,
    latencyMs: performance.now() - started,
    error: null,
  });
  return checked.ok
    ? { kind: 'plan', plan: checked.plan, modelCallId }
    : { kind: 'rejected', problems: checked.problems, raw: JSON.stringify(proposal) };
}

/** Plans a run: the first plan of the chain that passes every check, or every reason there was none. */
export async function planRun<TInput>(
  deps: PlannerDeps,
  request: PlanRequest<TInput>,
): Promise<PlanOutcome> {
  const prompt = buildPlannerPrompt({ ...request, registry: deps.registry });
  const failures: PlannerFailure[] = [];
  for (const entry of deps.chain) {
    const planner = plannerLabel(entry);
    if (entry.provider === 'offline') {
      const offline = await planOffline(deps, request, prompt);
      if (offline.kind === 'plan') {
        const { plan, modelCallId } = offline;
        return { status: 'accepted', plan, planner, modelCallId, repaired: false, failures };
      }
      if (offline.kind === 'rejected') {
        failures.push({
          planner,
          kind: 'rejected-plan',
          message: 'The offline plan failed the checks.',
          problems: offline.problems,
        });
      }
      continue;
    }
    const first = await askModel(deps, request, entry, prompt);
    if (first.kind === 'plan') {
      const { plan, modelCallId } = first;
      return { status: 'accepted', plan, planner, modelCallId, repaired: false, failures };
    }
    if (first.kind === 'provider-error') {
      failures.push({ planner, kind: 'provider-error', message: first.message, problems: [] });
      continue;
    }
    // Repair: the same model, once, with its answer and what was wrong with it.
    const repairPrompt: PlannerPrompt = {
      system: prompt.system,
      messages: [
        ...prompt.messages,
        { role: 'assistant', content: first.raw },
        { role: 'user', content: buildRepairMessage(first.problems) },
      ],
    };
    const repaired = await askModel(deps, request, entry, repairPrompt);
    if (repaired.kind === 'plan') {
      const { plan, modelCallId } = repaired;
      return { status: 'accepted', plan, planner, modelCallId, repaired: true, failures };
    }
    failures.push({
      planner,
      kind: repaired.kind === 'rejected' ? 'rejected-plan' : 'provider-error',
      message:
        repaired.kind === 'rejected'
          ? 'The plan was rejected, and so was its repair.'
          : `The plan was rejected; its repair failed: ${repaired.message}`,
      problems: repaired.kind === 'rejected' ? repaired.problems : first.problems,
    });
  }
  return { status: 'rejected', failures };
}
