/** The HTTP tools and the allow-listed fetch they run on. */
import type { ToolDefinition } from '../define-tool.ts';
import { httpGetJson } from './get-json.ts';
import { httpPostJson } from './post-json.ts';

export { type AllowedFetchOptions, createAllowedFetch } from './allowed-fetch.ts';
export { defineHttpJsonTool, ZJsonValue } from './define-http-json-tool.ts';
export * from './errors.ts';
export { httpGetJson, httpPostJson };

/** The generic HTTP tools, for the registry. */
export const httpTools: readonly ToolDefinition[] = [httpGetJson, httpPostJson];
