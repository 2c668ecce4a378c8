/** Shared set-up of the ERP tool tests: a seeded database of the test file's own and a registry. */
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { seedSystemsOfRecord } from '../../systems/seed/index.ts';
import type { ToolClients } from '../define-tool.ts';
import { createToolRegistry, executeTool, previewWrite } from '../registry.ts';
import { erpTools } from './index.ts';

/** The registry of the ERP tools. */
export const registry = createToolRegistry(erpTools);

/**
 * Opens a pool on this file's database, seeds it in `beforeAll` and closes it in `afterAll`.
 * Returns the pool (usable once `beforeAll` ran) and `run(name, input, key?)`.
 */
export function seededErp() {
  const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 4 });
  // An idle connection may be cut when the file's database is dropped: nothing to report.
  pool.on('error', () => {});
  const clients: ToolClients = { db: pool, fetch: async () => new Response('{}') };
  beforeAll(async () => {
    await seedSystemsOfRecord(pool);
  });
  afterAll(async () => {
    await pool.end();
  });
  let counter = 0;
  return {
    pool,
    /** Executes an ERP tool through the registry, as the engine would. */
    run(name: string, input: unknown, idempotencyKey = `test:${++counter}`) {
      return executeTool(registry, name, input, { clients, idempotencyKey });
    },
    /** Previews an ERP write through the registry, as the review gate would. */
    preview(name: string, input: unknown) {
      return previewWrite(registry, name, input, { clients });
    },
  };
}

/** The fields of an invoice row the status tools change, straight from the table. */
export async function invoiceRow(pool: pg.Pool, id: string) {
  const { rows } = await pool.query(
    `SELECT status, hold_reason, approved_at, approved_by, updated_at
       FROM erp.invoices WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** The id of the first seeded invoice (by number) in this status. */
export async function invoiceIdWithStatus(pool: pg.Pool, status: string): Promise<string> {
  const { rows } = await pool.query(
    'SELECT id FROM erp.invoices WHERE status = $1 ORDER BY invoice_number, id LIMIT 1 OFFSET 0',
    [status],
  );
  return rows[0].id;
}

/** How many applied_writes rows hold this idempotency key (0 or 1). */
export async function appliedWrites(pool: pg.Pool, key: string): Promise<number> {
  const { rows } = await pool.query(
    'SELECT count(*)::int AS n FROM erp.applied_writes WHERE idempotency_key = $1',
    [key],
  );
  return rows[0].n;
}
