import type { TEnv } from '../env.ts';
import { addressTools } from './addresses/index.ts';
import { billingTools } from './billing/index.ts';
import { crmTools } from './crm/index.ts';
import type { ToolClients } from './define-tool.ts';
import { directoryTools } from './directory/index.ts';
import { documentTools } from './documents/index.ts';
import { erpTools } from './erp/index.ts';
import { fetchFromEnv, httpTools } from './http/index.ts';
import { createToolRegistry } from './registry.ts';
import { scoringTools } from './scoring/index.ts';
import { shippingTools } from './shipping/index.ts';

/**
 * Every tool Steward can execute, one file each under server/tools/<system>/. The planner picks
 * from this registry (through each workflow's allow-list) and the engine runs only these.
 */
export const toolRegistry = createToolRegistry([
  ...crmTools,
  ...addressTools,
  ...directoryTools,
  ...erpTools,
  ...billingTools,
  ...shippingTools,
  ...httpTools,
  ...scoringTools,
  ...documentTools,
]);

/** The clients tools receive in the app and the workers: the database, and allow-listed fetch. */
export function createToolClients(
  env: Pick<TEnv, 'STEWARD_HTTP_ALLOWED_HOSTS' | 'STEWARD_HTTP_MAX_BYTES'>,
  db: ToolClients['db'],
): ToolClients {
  return { db, fetch: fetchFromEnv(env) };
}
