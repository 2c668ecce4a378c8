/** The company directory's tools (read-only firmographics). */
import type { ToolDefinition } from '../define-tool.ts';
import { directoryLookupCompany } from './lookup-company.ts';

export { normalizeDomain } from './normalize-domain.ts';
export { directoryLookupCompany };

/** Every directory tool, for the registry. */
export const directoryTools: readonly ToolDefinition[] = [directoryLookupCompany];
