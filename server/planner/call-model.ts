/**
 * One request to a model through the AI SDK, with our own timeout and no SDK retries: the
 * planner retries itself, so that every attempt is recorded as its own model call.
 */
import { APICallError, generateText, type LanguageModel, NoObjectGeneratedError, Output } from 'ai';
import type { z } from 'zod';
import type { ModelCallError } from './model-calls.ts';
import type { PlannerPrompt } from './prompt.ts';

export type ModelAnswer =
  | {
      ok: true;
      text: string;
      inputTokens: number | null;
      outputTokens: number | null;
      latencyMs: number;
    }
  | {
      ok: false;
      error: ModelCallError;
      /** What the provider answered, when it answered (an error body). */
      responseBody: string | null;
      /** The provider's Retry-After, in ms, when it sent one. */
      retryAfterMs: number | null;
      latencyMs: number;
    };

/** The run was given up (lease lost, shutdown) while a model call was in flight. */
export class PlannerAbortedError extends Error {
  override name = 'PlannerAbortedError';
}

function retryAfterMs(headers: Record<string, string> | undefined): number | null {
  const value = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/**
 * Asks the model once; never throws for provider trouble, only when `signal` aborts. With
 * `schema`, the provider is asked for structured output of that shape (the AI SDK sends it as the
 * provider's JSON-schema response format); the answer is still returned as text, which the caller
 * parses and checks itself, so an answer that breaks the schema is recorded as it came.
 */
export async function callModel(
  model: LanguageModel,
  prompt: PlannerPrompt,
  options: { timeoutMs: number; signal?: AbortSignal; schema?: z.ZodType },
): Promise<ModelAnswer> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const started = performance.now();
  try {
    const result = await generateText({
      model,
      instructions: prompt.system,
      messages: prompt.messages,
      maxRetries: 0,
      maxOutputTokens: 4096,
      abortSignal: signal,
      ...(options.schema ? { output: Output.object({ schema: options.schema }) } : {}),
    });
    return {
      ok: true,
      text: result.text,
      inputTokens: result.usage.inputTokens ?? null,
      outputTokens: result.usage.outputTokens ?? null,
      latencyMs: performance.now() - started,
    };
  } catch (error) {
    const latencyMs = performance.now() - started;
    if (options.signal?.aborted) {
      throw new PlannerAbortedError('The run was given up while its planner was answering.', {
        cause: error,
      });
    }
    if (timeout.aborted) {
      return {
        ok: false,
        error: {
          errorClass: 'ModelTimeoutError',
          message: `The model did not answer within ${options.timeoutMs} ms.`,
          statusCode: null,
          retriable: true,
        },
        responseBody: null,
        retryAfterMs: null,
        latencyMs,
      };
    }
    if (NoObjectGeneratedError.isInstance(error) && error.text !== undefined) {
      // An answer that is not the object asked for: returned as text for the caller's checks.
      return {
        ok: true,
        text: error.text,
        inputTokens: error.usage?.inputTokens ?? null,
        outputTokens: error.usage?.outputTokens ?? null,
        latencyMs,
      };
    }
    if (APICallError.isInstance(error)) {
      return {
        ok: false,
        error: {
          errorClass: error.name,
          message: error.message,
          statusCode: error.statusCode ?? null,
          retriable: error.isRetryable,
        },
        responseBody: error.responseBody?.slice(0, 4000) ?? null,
        retryAfterMs: retryAfterMs(error.responseHeaders),
        latencyMs,
      };
    }
    const described = error instanceof Error ? error : new Error(String(error));
    return {
      ok: false,
      // A malformed response body and the like: another try may well go the same way.
      error: {
        errorClass: described.name,
        message: described.message,
        statusCode: null,
        retriable: false,
      },
      responseBody: null,
      retryAfterMs: null,
      latencyMs,
    };
  }
}
