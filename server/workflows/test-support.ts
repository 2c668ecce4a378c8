/**
 * Shared set-up of the workflow planning tests: a seeded database of the test file's own, and
 * the execution of an offline plan's read steps through the real registry, as the engine would
 * run them (references resolved against the outputs before each step).
 */
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { testDatabaseUrl } from '../../tests/support/database.ts';
import type { TPlan, TPlanStep } from '../planner/plan.ts';
import { resolveReferences } from '../planner/resolve.ts';
import { seedSystemsOfRecord } from '../systems/seed/index.ts';
import type { ToolClients } from '../tools/define-tool.ts';
import { toolRegistry } from '../tools/index.ts';
import { executeTool } from '../tools/registry.ts';

/** Call from a test file's top level: seeds its database in `beforeAll`, closes it in `afterAll`. */
export function setUpSeededSystems() {
  const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 3 });
  // An idle connection may be cut when the file's database is dropped: nothing to report.
  pool.on('error', () => {});
  const clients: ToolClients = { db: pool, fetch };
  beforeAll(async () => {
    await seedSystemsOfRecord(pool);
  });
  afterAll(async () => {
    await pool.end();
  });
  /** Rows of a query, for choosing inputs from the seeded data and for assertions. */
  const rows = async (text: string, values: unknown[] = []) =>
    (await pool.query(text, values)).rows;
  return { pool, clients, rows };
}

/** Whether a step's tool only reads (runs before the validation gate). */
export function isReadStep(step: TPlanStep): boolean {
  const tool = toolRegistry.get(step.tool);
  if (!tool) throw new Error(`The plan names an unknown tool ${step.tool}`);
  return tool.sideEffect !== 'write' && tool.sideEffect !== 'external';
}

/**
 * Runs the plan's read steps in order with `test:<stepId>` idempotency keys; returns every
 * step's output by step id. Write steps are not run.
 */
export async function runReadSteps(
  plan: TPlan,
  clients: ToolClients,
): Promise<Map<string, unknown>> {
  const outputs = new Map<string, unknown>();
  for (const step of plan.steps.filter(isReadStep)) {
    const input = resolveReferences(step.id, step.input, outputs);
    outputs.set(
      step.id,
      await executeTool(toolRegistry, step.tool, input, {
        clients,
        idempotencyKey: `test:${step.id}`,
      }),
    );
  }
  return outputs;
}

/**
 * Each write step's input with its references resolved against `outputs` and parsed with the
 * write tool's input schema (throws if one does not parse), by step id. Nothing is written.
 */
export function resolveWriteInputs(
  plan: TPlan,
  outputs: ReadonlyMap<string, unknown>,
): Map<string, unknown> {
  const inputs = new Map<string, unknown>();
  for (const step of plan.steps.filter((candidate) => !isReadStep(candidate))) {
    const tool = toolRegistry.get(step.tool);
    if (!tool) throw new Error(`The plan names an unknown tool ${step.tool}`);
    inputs.set(step.id, tool.input.parse(resolveReferences(step.id, step.input, outputs)));
  }
  return inputs;
}
