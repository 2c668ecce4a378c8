import { createWorkflowRegistry } from '../engine/define-workflow.ts';

/**
 * Every workflow Steward runs, one folder each under server/workflows (input schema, allowed
 * tools, rules, pipeline, offline plan). The example workflows of three business functions
 * arrive with the validation layer (issue 6).
 */
export const registry = createWorkflowRegistry([]);
