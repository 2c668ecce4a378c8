import pg from 'pg';
import { replayRun, startRun } from '../../server/engine/index.ts';
import { insertRun, parseWorkflowInput, requireWorkflow } from '../../server/engine/runs.ts';
import { RUNS_CHANNEL } from '../../server/engine/store.ts';
import { registry } from '../../server/workflows/index.ts';
import { refusedInvoice } from '../../tests/support/refused-invoices.ts';
import { sql } from './db';

let counter = 0;

/** A new received invoice of up to 5,000 that matches its PO: the app's worker approves it alone. */
export async function smallInvoice(): Promise<{ vendorNumber: string; invoiceNumber: string }> {
  counter += 1;
  const [invoice] = await sql<{ vendorNumber: string; invoiceNumber: string }>(
    `WITH po AS (
       SELECT po.id, po.vendor_id, po.total, po.currency FROM erp.purchase_orders po
       JOIN erp.vendors v ON v.id = po.vendor_id
       WHERE v.status = 'active' AND po.status NOT IN ('cancelled', 'draft') AND po.currency = v.currency
         AND po.total > 100 AND po.total <= 5000
       ORDER BY po.po_number OFFSET $1 LIMIT 1)
     INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
     SELECT vendor_id, $2, id, total, currency, current_date, current_date + 30, now() FROM po
     RETURNING (SELECT vendor_number FROM erp.vendors WHERE id = vendor_id) AS "vendorNumber",
               invoice_number AS "invoiceNumber"`,
    [counter, `E2E-RUNS-${Date.now()}-${counter}`],
  );
  if (!invoice) throw new Error('the seed has no open PO up to 5000');
  return invoice;
}

/**
 * Starts an invoice-approval run (audited, as startRun does) that the workers leave queued: it is
 * not due for an hour. `release` makes it due now and wakes the workers, so a test sees it queued
 * first, then moving, deterministically.
 */
export async function startHeldRun(input: unknown, requestedById: string) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  const client = await pool.connect();
  let runId: string;
  try {
    await client.query('BEGIN');
    const workflow = requireWorkflow(registry, 'invoice-approval');
    runId = await insertRun(client, workflow, parseWorkflowInput(workflow, input), {
      workflowId: workflow.id,
      input,
      requestedById,
    });
    await client.query(`UPDATE runs SET run_after = now() + interval '1 hour' WHERE id = $1`, [
      runId,
    ]);
    await client.query('COMMIT');
  } finally {
    client.release();
    await pool.end();
  }
  return {
    runId,
    async release() {
      await sql('UPDATE runs SET run_after = now() WHERE id = $1', [runId]);
      await sql('SELECT pg_notify($1, $2)', [RUNS_CHANNEL, 'invoice-approval']);
    },
  };
}

/** The run's status in the database. */
export async function statusOf(runId: string): Promise<string | null> {
  const [row] = await sql<{ status: string }>('SELECT status FROM runs WHERE id = $1', [runId]);
  return row?.status ?? null;
}

/**
 * An invoice-approval run that dies for good: its invoice is clean, but the ERP refuses every
 * change to it (a real trigger, tests/support/refused-invoices.ts), so the approval fails.
 */
export async function startDoomedRun(requestedById: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  try {
    const invoice = await refusedInvoice(pool, 7, `E2E-DOOMED-${Date.now()}`);
    const { runId } = await startRun(pool, registry, {
      workflowId: 'invoice-approval',
      input: { vendorNumber: invoice.vendorNumber, invoiceNumber: invoice.invoiceNumber },
      requestedById,
    });
    return runId;
  } finally {
    await pool.end();
  }
}

/** Replays a run from the start as `actorId` (operations), through the engine's replay service. */
export async function replayFromStart(runId: string, actorId: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  try {
    const result = await replayRun(pool, registry, { runId, mode: 'from_start', actorId });
    return result.runId;
  } finally {
    await pool.end();
  }
}
