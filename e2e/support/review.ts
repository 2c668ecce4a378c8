import pg from 'pg';
import { startRun } from '../../server/engine/index.ts';
import { seedReviewQueue } from '../../server/review/seed-queue.ts';
import { seedSystemsOfRecordIfEmpty } from '../../server/systems/seed/index.ts';
import { registry } from '../../server/workflows/index.ts';
import { sql } from './db';

let counter = 0;

/** Seeds the systems of record once, so the app's workers can run the real workflows. */
export async function seedSystems(): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await seedSystemsOfRecordIfEmpty(client);
  } finally {
    await client.end();
  }
}

/**
 * Invoice approval runs of new invoices over the automatic limit, requested by `requestedById`:
 * the app's workers plan them offline and stop each at the review gate. Returns the run ids in
 * the order their review items are opened.
 */
export async function invoicesForReview(count: number, requestedById: string): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  const runIds: string[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      counter += 1;
      const [invoice] = await sql<{ vendorNumber: string; invoiceNumber: string }>(
        `WITH po AS (
           SELECT po.id, po.vendor_id, po.total, po.currency FROM erp.purchase_orders po
           JOIN erp.vendors v ON v.id = po.vendor_id
           WHERE v.status = 'active' AND po.status NOT IN ('cancelled', 'draft') AND po.currency = v.currency
             AND po.total > 5000
           ORDER BY po.po_number OFFSET $1 LIMIT 1)
         INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
         SELECT vendor_id, $2, id, total, currency, current_date, current_date + 30, now() FROM po
         RETURNING (SELECT vendor_number FROM erp.vendors WHERE id = vendor_id) AS "vendorNumber",
                   invoice_number AS "invoiceNumber"`,
        [counter, `E2E-${Date.now()}-${counter}`],
      );
      if (!invoice) throw new Error('the seed has no open PO over 5000');
      const { runId } = await startRun(pool, registry, {
        workflowId: 'invoice-approval',
        input: invoice,
        requestedById,
      });
      runIds.push(runId);
      // One at a time, so the queue's order (oldest item first) is the order of the runs.
      await waitFor(async () => (await itemOf(runId)) !== null);
    }
  } finally {
    await pool.end();
  }
  return runIds;
}

/** The review item of a run, with its status and decision. */
export async function itemOf(runId: string) {
  const [row] = await sql<{
    id: string;
    status: string;
    reason_code: string | null;
    decided_by_id: string | null;
    time_on_item_ms: number | null;
  }>(
    'SELECT id, status, reason_code, decided_by_id, time_on_item_ms FROM review_items WHERE run_id = $1',
    [runId],
  );
  return row ?? null;
}

/** The run's status and outcome, and its invoice's status in the ERP. */
export async function outcomeOf(runId: string) {
  const [row] = await sql<{
    status: string;
    outcome: string | null;
    invoice_status: string | null;
  }>(
    `SELECT r.status, r.output->>'outcome' AS outcome,
            (SELECT i.status FROM erp.invoices i JOIN erp.vendors v ON v.id = i.vendor_id
              WHERE v.vendor_number = r.input->>'vendorNumber' AND i.invoice_number = r.input->>'invoiceNumber') AS invoice_status
     FROM runs r WHERE r.id = $1`,
    [runId],
  );
  return row;
}

/** Polls until `check` holds (20 s at most). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out waiting');
}

/** `count` pending review items of inert runs (the benchmark's seed), requested by `requestedById`. */
export async function seedQueue(count: number, requestedById: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  try {
    await seedReviewQueue(pool, { count, requestedById });
  } finally {
    await pool.end();
  }
}
