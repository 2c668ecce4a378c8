/**
 * One model of a chain, asked until it answers: a call that fails with provider trouble (a
 * timeout, a rate limit, a 5xx) is recorded in `model_calls` and tried again after a backoff
 * (doubling, with jitter, at least the provider's Retry-After), up to `maxAttempts`. The planner
 * and the document reader both ask their models this way; what they do with an answer is theirs.
 */
import type { LanguageModel } from 'ai';
import type { z } from 'zod';
import type { Queryable } from '../engine/store.ts';
import { callModel, type ModelAnswer } from './call-model.ts';
import { recordModelCall } from './model-calls.ts';
import type { PlannerPrompt } from './prompt.ts';

/** What asking needs: where calls are recorded, the budget per call and the retries. */
export interface AskDeps {
  db: Queryable;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}

/** A model's answer, or why it gave none after its attempts. */
export type Asked = Extract<ModelAnswer, { ok: true }> | { ok: false; message: string };

/** Waits `ms`, or less when `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** Asks `model` until it answers or its attempts are spent; failed calls are recorded. */
export async function askWithRetries(
  deps: AskDeps,
  model: LanguageModel,
  prompt: PlannerPrompt,
  call: {
    runId: string | null;
    stepId: string | null;
    provider: string;
    model: string;
    signal?: AbortSignal | undefined;
    schema?: z.ZodType;
  },
): Promise<Asked> {
  let lastError = 'no attempt';
  for (let attempt = 1; attempt <= deps.maxAttempts; attempt += 1) {
    const answer = await callModel(model, prompt, {
      timeoutMs: deps.timeoutMs,
      signal: call.signal,
      schema: call.schema,
    });
    if (answer.ok) return answer;
    await recordModelCall(deps.db, {
      runId: call.runId,
      stepId: call.stepId,
      provider: call.provider,
      model: call.model,
      prompt,
      rawResponse: answer.responseBody,
      parsedPlan: undefined,
      checkResults: null,
      inputTokens: null,
      outputTokens: null,
      latencyMs: answer.latencyMs,
      error: answer.error,
    });
    lastError = `${answer.error.errorClass}: ${answer.error.message}`;
    if (!answer.error.retriable || attempt === deps.maxAttempts) break;
    const backoff = deps.retryBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
    await sleep(Math.min(30_000, Math.max(backoff, answer.retryAfterMs ?? 0)), call.signal);
  }
  return { ok: false, message: lastError };
}
