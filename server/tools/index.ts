import { createToolRegistry } from './registry.ts';

/**
 * Every tool Steward can execute, one file each under server/tools/<system>/. The planner picks
 * from this registry (through each workflow's allow-list) and the engine runs only these.
 */
export const toolRegistry = createToolRegistry([]);
