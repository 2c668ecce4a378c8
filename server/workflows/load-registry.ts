import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { WorkflowRegistry } from '../engine/define-workflow.ts';
import type { TEnv } from '../env.ts';
import { SetupError } from '../setup-error.ts';
import { registry as appRegistry } from './index.ts';

const ZRegistrySchema = z.custom<WorkflowRegistry>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    'get' in value &&
    typeof value.get === 'function' &&
    'list' in value &&
    typeof value.list === 'function',
);
const ZRegistryModuleSchema = z.object({ registry: ZRegistrySchema });

/**
 * The workflows a worker or the CLI serves: the app's own (server/workflows), or those of the
 * module in STEWARD_WORKFLOWS_MODULE (tests and benchmarks run their own workflows this way).
 */
export async function loadWorkflowRegistry(
  env: Pick<TEnv, 'STEWARD_WORKFLOWS_MODULE'>,
): Promise<WorkflowRegistry> {
  if (!env.STEWARD_WORKFLOWS_MODULE) return appRegistry;
  const file = path.resolve(env.STEWARD_WORKFLOWS_MODULE);
  const loaded: unknown = await import(pathToFileURL(file).href);
  const parsed = ZRegistryModuleSchema.safeParse(loaded);
  if (!parsed.success) {
    throw new SetupError(
      `STEWARD_WORKFLOWS_MODULE (${env.STEWARD_WORKFLOWS_MODULE}) must export \`registry\`, a registry made with createWorkflowRegistry.`,
    );
  }
  return parsed.data.registry;
}
