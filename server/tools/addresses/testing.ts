/**
 * Test support for the address, billing and shipping tools: a seeded systems-of-record database
 * of the test file's own, and a way to run a tool through `executeTool` as the engine does.
 */
import pg from 'pg';
import { seedSystemsOfRecord } from '../../systems/seed/index.ts';
import type { ToolClients, ToolDefinition } from '../define-tool.ts';
import { createToolRegistry, executeTool, previewWrite } from '../registry.ts';

/** A pool on the test file's database, seeded with the default seed. */
export async function seededPool(url: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  await seedSystemsOfRecord(pool);
  return pool;
}

/** Runs tools by name through the registry (input parsing, timeout, output contract). */
export function toolRunner(pool: pg.Pool, tools: readonly ToolDefinition[]) {
  const registry = createToolRegistry(tools);
  const clients: ToolClients = {
    db: pool,
    fetch: async () => {
      throw new Error('these tools make no HTTP calls');
    },
  };
  return (name: string, input: unknown, idempotencyKey = 'run-1:step') =>
    executeTool(registry, name, input, { clients, idempotencyKey });
}

/** Previews writes by name through the registry (input parsing, timeout, preview contract). */
export function toolPreviewer(pool: pg.Pool, tools: readonly ToolDefinition[]) {
  const registry = createToolRegistry(tools);
  const clients: ToolClients = {
    db: pool,
    fetch: async () => {
      throw new Error('these tools make no HTTP calls');
    },
  };
  return (name: string, input: unknown) => previewWrite(registry, name, input, { clients });
}

/** The error a promise rejects with (or a failure if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but it resolved');
}
