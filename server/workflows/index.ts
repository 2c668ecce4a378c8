import { createWorkflowRegistry } from '../engine/define-workflow.ts';
import { addressChange } from './address-change/workflow.ts';
import { invoiceApproval } from './invoice-approval/workflow.ts';
import { leadEnrichment } from './lead-enrichment/workflow.ts';
import { definePlannedWorkflow } from './planned-workflow.ts';
import { servicesFromEnv } from './services.ts';

/**
 * Every workflow Steward runs, one folder each under server/workflows (input schema, planning
 * with its offline plan, rules, thresholds and gate policy), on the services of this process.
 */
export const registry = createWorkflowRegistry([
  definePlannedWorkflow(invoiceApproval, servicesFromEnv),
  definePlannedWorkflow(leadEnrichment, servicesFromEnv),
  definePlannedWorkflow(addressChange, servicesFromEnv),
]);
