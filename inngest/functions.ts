/**
 * The app's Inngest functions: one per workflow of server/workflows, on the app's client and
 * engine pool. `app/api/inngest/route.ts` serves them.
 */
import { getEnginePool } from '../server/engine/pool.ts';
import { registry } from '../server/workflows/index.ts';
import { buildInngestFunctions } from './adapter.ts';
import { inngest } from './client.ts';

export const functions = buildInngestFunctions(inngest, registry, { db: getEnginePool });
