/** Shared set-up of the CRM tool tests: a seeded database of the file's own and a registry. */
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { seedSystemsOfRecord } from '../../systems/seed/index.ts';
import type { ToolClients } from '../define-tool.ts';
import { createToolRegistry, executeTool, previewWrite } from '../registry.ts';
import { crmTools } from './index.ts';

/** Call from a test file's top level: seeds its database and returns a runner for CRM tools. */
export function setUpCrmTestDatabase() {
  const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 3 });
  const clients: ToolClients = { db: pool, fetch };
  const registry = createToolRegistry(crmTools);
  beforeAll(async () => {
    await seedSystemsOfRecord(pool, {});
  });
  afterAll(async () => {
    await pool.end();
  });
  /** Runs a CRM tool through the registry, as the engine would. */
  const run = (name: string, input: unknown, idempotencyKey = 'run:step') =>
    executeTool(registry, name, input, { clients, idempotencyKey });
  /** Previews a CRM write through the registry, as the review gate would. */
  const preview = (name: string, input: unknown) =>
    previewWrite(registry, name, input, { clients });
  /** Rows of a query, for assertions. */
  const rows = async (text: string, values: unknown[] = []) =>
    (await pool.query(text, values)).rows;
  return { pool, run, preview, rows };
}
