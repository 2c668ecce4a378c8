/**
 * One code path for every provider: a chain entry becomes an AI SDK language model. Keys and
 * endpoints come from the providers' usual environment variables, read once from the env.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { TEnv } from '../env.ts';
import type { PlannerEntry } from './chain.ts';

/** The variables the providers read. */
export type ProviderEnv = Pick<
  TEnv,
  | 'ANTHROPIC_API_KEY'
  | 'ANTHROPIC_BASE_URL'
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'OPENAI_COMPATIBLE_API_KEY'
>;

/** The AI SDK model for a chain entry (not `offline`, which needs no model). */
export function languageModelFor(
  entry: Exclude<PlannerEntry, { provider: 'offline' }>,
  env: ProviderEnv,
): LanguageModel {
  switch (entry.provider) {
    case 'anthropic':
      return createAnthropic({
        apiKey: env.ANTHROPIC_API_KEY,
        baseURL: env.ANTHROPIC_BASE_URL,
      }).languageModel(entry.model);
    case 'openai':
      // The chat-completions API: the one OpenAI-compatible servers speak too.
      return createOpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL }).chat(
        entry.model,
      );
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: entry.baseURL,
        apiKey: env.OPENAI_COMPATIBLE_API_KEY,
        includeUsage: true,
        // Model steps ask for their output's JSON schema; the servers it is made for honour it.
        supportsStructuredOutputs: true,
      }).chatModel(entry.model);
  }
}
