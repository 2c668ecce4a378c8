/** The HTTP tools and the allow-listed fetch they run on. */
import type { TEnv } from '../../env.ts';
import type { ToolDefinition } from '../define-tool.ts';
import { createAllowedFetch } from './allowed-fetch.ts';
import { httpGetJson } from './get-json.ts';
import { httpPostJson } from './post-json.ts';

export { type AllowedFetchOptions, createAllowedFetch } from './allowed-fetch.ts';
export { defineHttpJsonTool, ZJsonValue } from './define-http-json-tool.ts';
export * from './errors.ts';
export { httpGetJson, httpPostJson };

/** The generic HTTP tools, for the registry. */
export const httpTools: readonly ToolDefinition[] = [httpGetJson, httpPostJson];

/** `ToolClients.fetch` as the environment configures it (allow-list and size limit). */
export function fetchFromEnv(
  env: Pick<TEnv, 'STEWARD_HTTP_ALLOWED_HOSTS' | 'STEWARD_HTTP_MAX_BYTES'>,
): typeof fetch {
  return createAllowedFetch({
    allowedHosts: env.STEWARD_HTTP_ALLOWED_HOSTS,
    maxBytes: env.STEWARD_HTTP_MAX_BYTES,
  });
}
