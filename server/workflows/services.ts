/**
 * What workflow code runs with: the database, the tools' clients, the planner. The app's
 * workflows read them from the environment the first time a run needs them; tests build their
 * own (their database, a local model server) and hand them to the same workflow factories.
 */
import type pg from 'pg';
import { getEnginePool } from '../engine/pool.ts';
import { parseServerEnv } from '../env.ts';
import { parsePlannerChain, plannerDepsFromEnv } from '../planner/index.ts';
import type { PlannerDeps } from '../planner/planner.ts';
import type { ToolClients } from '../tools/define-tool.ts';
import { createToolClients, toolRegistry } from '../tools/index.ts';
import { documentReader } from '../tools/model/read-document.ts';
import type { ToolRegistry } from '../tools/registry.ts';

export interface WorkflowServices {
  db: pg.Pool;
  tools: ToolRegistry;
  clients: ToolClients;
  planner: PlannerDeps;
}

let fromEnv: WorkflowServices | undefined;

/** The services of this process, from its environment (built once, on first use). */
export function servicesFromEnv(): WorkflowServices {
  if (!fromEnv) {
    const env = parseServerEnv();
    const db = getEnginePool();
    const planner = plannerDepsFromEnv(env, db, toolRegistry);
    // Documents are read by READER_MODEL's chain when it is set, else by the planner's.
    const reader = env.READER_MODEL
      ? { ...planner, chain: parsePlannerChain(env.READER_MODEL, env) }
      : planner;
    fromEnv = {
      db,
      tools: toolRegistry,
      clients: { ...createToolClients(env, db), models: documentReader(reader) },
      planner,
    };
  }
  return fromEnv;
}
