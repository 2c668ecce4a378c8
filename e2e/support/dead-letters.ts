import pg from 'pg';
import { startRun } from '../../server/engine/index.ts';
import { registry } from '../../server/workflows/index.ts';
import { sql } from './db';
import { waitFor } from './review';

let counter = 0;

/** A dead-lettered invoice-approval run, and what it takes to make it succeed. */
export interface DeadInvoiceRun {
  runId: string;
  vendorNumber: string;
  invoiceNumber: string;
  /** The PO an invoice filed later bills exactly (at most 5,000: it is approved at once). */
  poId: string;
}

/**
 * Invoice-approval runs naming invoices the ERP does not have, requested by `requestedById`:
 * the app's workers plan them offline and each dies for good in erp.get-invoice. Returned in
 * the order they died (the admin lists them oldest first).
 */
export async function deadInvoiceRuns(
  count: number,
  requestedById: string,
): Promise<DeadInvoiceRun[]> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  const runs: DeadInvoiceRun[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      counter += 1;
      const [found] = await sql<{ vendorNumber: string; poId: string }>(
        `SELECT v.vendor_number AS "vendorNumber", po.id AS "poId" FROM erp.purchase_orders po
           JOIN erp.vendors v ON v.id = po.vendor_id
          WHERE v.status = 'active' AND po.status NOT IN ('cancelled', 'draft') AND po.currency = v.currency
            AND po.total > 100 AND po.total <= 5000
          ORDER BY po.po_number OFFSET $1 LIMIT 1`,
        [counter],
      );
      if (!found) throw new Error('the seed has no open PO under 5000');
      const invoiceNumber = `E2E-DL-${Date.now()}-${counter}`;
      const { runId } = await startRun(pool, registry, {
        workflowId: 'invoice-approval',
        input: { vendorNumber: found.vendorNumber, invoiceNumber },
        requestedById,
      });
      await waitFor(async () => (await runOf(runId))?.status === 'dead');
      runs.push({ runId, vendorNumber: found.vendorNumber, invoiceNumber, poId: found.poId });
    }
  } finally {
    await pool.end();
  }
  return runs;
}

/** Files the invoice in the ERP, billing its PO exactly, so that a replay finds it. */
export async function fileInvoice(poId: string, invoiceNumber: string): Promise<void> {
  await sql(
    `INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
     SELECT vendor_id, $2, id, total, currency, current_date, current_date + 30, now()
       FROM erp.purchase_orders WHERE id = $1`,
    [poId, invoiceNumber],
  );
}

/** The run's status, input and replay link. */
export async function runOf(runId: string) {
  const [row] = await sql<{
    status: string;
    input: Record<string, unknown>;
    replay_of_id: string | null;
    replay_mode: string | null;
  }>('SELECT status, input, replay_of_id, replay_mode FROM runs WHERE id = $1', [runId]);
  return row ?? null;
}

/** The runs that replay `originId`, oldest first. */
export async function replaysOf(originId: string) {
  return sql<{ id: string; status: string; replay_mode: string; input: Record<string, unknown> }>(
    'SELECT id, status, replay_mode, input FROM runs WHERE replay_of_id = $1 ORDER BY created_at',
    [originId],
  );
}

/** How the run's first dead letter was resolved, by whom, and the note. */
export async function deadLetterOf(runId: string) {
  const [row] = await sql<{
    id: string;
    resolution: string | null;
    resolved_by_id: string | null;
    resolution_note: string | null;
  }>(
    'SELECT id, resolution, resolved_by_id, resolution_note FROM dead_letters WHERE run_id = $1 ORDER BY created_at LIMIT 1',
    [runId],
  );
  return row ?? null;
}

/** The audit events about a subject: action and actor, in order. */
export async function auditOf(subjectId: string) {
  return sql<{ action: string; actor_id: string | null; data: Record<string, unknown> }>(
    'SELECT action, actor_id, data FROM audit_events WHERE subject_id = $1 ORDER BY id',
    [subjectId],
  );
}
