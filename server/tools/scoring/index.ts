/** The scoring tools: pure computations over what the reads returned. */
import type { ToolDefinition } from '../define-tool.ts';
import { scoringScoreLead } from './score-lead.ts';

/** Every scoring tool, for the registry. */
export const scoringTools: readonly ToolDefinition[] = [scoringScoreLead];
