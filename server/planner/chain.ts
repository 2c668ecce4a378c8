/**
 * The planner fallback chain from `PLANNER_MODEL`: comma-separated entries tried in order,
 * `anthropic:<model>`, `openai:<model>`, `openai-compatible:<base URL>#<model>`, `offline`.
 * Without PLANNER_MODEL the chain is one entry per provider key that is set, then `offline`;
 * with no key at all it is `offline` alone.
 */

/** One planner of the chain. */
export type PlannerEntry =
  | { provider: 'anthropic'; model: string }
  | { provider: 'openai'; model: string }
  | { provider: 'openai-compatible'; baseURL: string; model: string }
  | { provider: 'offline' };

/** The models used when PLANNER_MODEL is unset and a provider's key is. */
export const DEFAULT_MODELS = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-5-mini' } as const;

/** The keys the providers read, from their usual environment variables. */
export interface ProviderKeys {
  ANTHROPIC_API_KEY?: string;
  OPENAI_API_KEY?: string;
}

/** A PLANNER_MODEL that cannot be used, with what is wrong with it. */
export class PlannerChainError extends Error {
  override name = 'PlannerChainError';
}

function parseEntry(text: string, keys: ProviderKeys): PlannerEntry {
  if (text === 'offline') return { provider: 'offline' };
  const colon = text.indexOf(':');
  const provider = colon === -1 ? text : text.slice(0, colon);
  const rest = colon === -1 ? '' : text.slice(colon + 1).trim();
  switch (provider) {
    case 'anthropic':
    case 'openai': {
      if (rest === '') {
        throw new PlannerChainError(`"${text}" names no model; write ${provider}:<model>.`);
      }
      const key = provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
      if (!keys[key]) {
        throw new PlannerChainError(`"${text}" needs ${key}, which is not set.`);
      }
      return { provider, model: rest };
    }
    case 'openai-compatible': {
      const hash = rest.lastIndexOf('#');
      const baseURL = hash === -1 ? '' : rest.slice(0, hash);
      const model = hash === -1 ? '' : rest.slice(hash + 1).trim();
      if (!URL.canParse(baseURL) || !/^https?:$/.test(new URL(baseURL).protocol) || model === '') {
        throw new PlannerChainError(
          `"${text}" must look like openai-compatible:http://127.0.0.1:11434/v1#llama3.1.`,
        );
      }
      return { provider, baseURL: baseURL.replace(/\/+$/, ''), model };
    }
    default:
      throw new PlannerChainError(
        `"${text}" is not a planner; use anthropic:<model>, openai:<model>, openai-compatible:<url>#<model> or offline.`,
      );
  }
}

/** The chain `PLANNER_MODEL` describes, or the default for the keys that are set. */
export function parsePlannerChain(value: string | undefined, keys: ProviderKeys): PlannerEntry[] {
  if (value === undefined || value.trim() === '') {
    const chain: PlannerEntry[] = [];
    if (keys.ANTHROPIC_API_KEY)
      chain.push({ provider: 'anthropic', model: DEFAULT_MODELS.anthropic });
    if (keys.OPENAI_API_KEY) chain.push({ provider: 'openai', model: DEFAULT_MODELS.openai });
    chain.push({ provider: 'offline' });
    return chain;
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const chain = entries.map((entry) => parseEntry(entry, keys));
  const offline = chain.findIndex((entry) => entry.provider === 'offline');
  if (offline !== -1 && offline !== chain.length - 1) {
    throw new PlannerChainError('offline never fails, so it can only be the last planner.');
  }
  return chain;
}

/** `anthropic:claude-…`, as the chain names a planner in records and messages. */
export function plannerLabel(entry: PlannerEntry): string {
  switch (entry.provider) {
    case 'offline':
      return 'offline';
    case 'openai-compatible':
      return `openai-compatible:${entry.baseURL}#${entry.model}`;
    default:
      return `${entry.provider}:${entry.model}`;
  }
}
