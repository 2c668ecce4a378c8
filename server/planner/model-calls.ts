/** The record of every request to a planner: what was asked, what came back, what the checks said. */
import type { Queryable } from '../engine/store.ts';
import { recordableJson, recordableText } from './answer-limits.ts';
import type { PlanProblem } from './check-plan.ts';
import type { PlannerPrompt } from './prompt.ts';

/** What went wrong with a call, as recorded (no keys, no headers). */
export interface ModelCallError {
  errorClass: string;
  message: string;
  statusCode: number | null;
  retriable: boolean;
}

/** One row of `model_calls`. */
export interface ModelCallRecord {
  runId: string | null;
  stepId: string | null;
  provider: string;
  model: string;
  prompt: PlannerPrompt;
  rawResponse: string | null;
  parsedPlan: unknown;
  checkResults: { ok: boolean; problems: PlanProblem[] } | null;
  inputTokens: number | null;
  outputTokens: number | null;
  latencyMs: number;
  error: ModelCallError | null;
}

/** Appends a model call, whatever its content (NUL replaced, long answers cut); returns its id. */
export async function recordModelCall(db: Queryable, call: ModelCallRecord): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO model_calls (run_id, step_id, provider, model, prompt, raw_response, parsed_plan,
       check_results, input_tokens, output_tokens, latency_ms, error)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12::jsonb)
     RETURNING id`,
    [
      call.runId,
      call.stepId,
      call.provider,
      call.model,
      recordableJson(call.prompt),
      call.rawResponse === null ? null : recordableText(call.rawResponse),
      call.parsedPlan === undefined ? null : recordableJson(call.parsedPlan),
      call.checkResults === null ? null : recordableJson(call.checkResults),
      call.inputTokens,
      call.outputTokens,
      Math.round(call.latencyMs),
      call.error === null ? null : recordableJson(call.error),
    ],
  );
  const id: unknown = rows[0]?.id;
  if (typeof id !== 'string') throw new Error('model_calls insert returned no id');
  return id;
}
