import pg from 'pg';
import { startRun } from '../../server/engine/index.ts';
import { registry } from '../../server/workflows/index.ts';
import {
  allowChangesTo,
  ensureInvoiceRefusals,
  fileInvoice as fileInvoiceIn,
  refusedInvoice,
} from '../../tests/support/refused-invoices.ts';
import { sql } from './db';
import { waitFor } from './review';

let counter = 0;

/** `sql` as the shared helpers' query interface. */
const queryable = {
  query: async (text: string, values?: unknown[]) => ({ rows: await sql(text, values) }),
};

/** A dead-lettered invoice-approval run, and what it takes to make it succeed. */
export interface DeadInvoiceRun {
  runId: string;
  vendorNumber: string;
  /** A clean small invoice the ERP refuses to change (until `allowChanges`). */
  invoiceNumber: string;
  /** The PO the invoice bills exactly (at most 5,000: an invoice on it is approved at once). */
  poId: string;
}

/**
 * Invoice-approval runs of clean small invoices the ERP refuses to change (a real trigger on
 * erp.invoices: tests/support/refused-invoices.ts), requested by `requestedById`: the app's
 * workers plan them offline and each dies for good in tool:approve-invoice (erp.approve-invoice)
 * after the tool's retries. All are started, then waited for; returned in the order they died
 * (the admin lists them oldest first).
 */
export async function deadInvoiceRuns(
  count: number,
  requestedById: string,
): Promise<DeadInvoiceRun[]> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  const runs: DeadInvoiceRun[] = [];
  try {
    await ensureInvoiceRefusals(pool);
    for (let index = 0; index < count; index += 1) {
      counter += 1;
      const invoice = await refusedInvoice(pool, counter, `E2E-DL-${Date.now()}-${counter}`);
      const { runId } = await startRun(pool, registry, {
        workflowId: 'invoice-approval',
        input: { vendorNumber: invoice.vendorNumber, invoiceNumber: invoice.invoiceNumber },
        requestedById,
      });
      runs.push({ runId, ...invoice });
    }
    const runIds = runs.map((run) => run.runId);
    await waitFor(async () => {
      const [row] = await sql<{ dead: number }>(
        `SELECT count(*)::int AS dead FROM runs WHERE id = ANY($1::uuid[]) AND status = 'dead'`,
        [runIds],
      );
      return row?.dead === count;
    }, 60_000);
    const order = await sql<{ run_id: string }>(
      'SELECT run_id FROM dead_letters WHERE run_id = ANY($1::uuid[]) ORDER BY created_at, id',
      [runIds],
    );
    const position = new Map(order.map((row, index) => [row.run_id, index]));
    runs.sort((a, b) => (position.get(a.runId) ?? 0) - (position.get(b.runId) ?? 0));
  } finally {
    await pool.end();
  }
  return runs;
}

/** The fix: the ERP accepts changes to the invoice again, so a replay can approve it. */
export async function allowChanges(invoiceNumber: string): Promise<void> {
  await allowChangesTo(queryable, invoiceNumber);
}

/** Files another invoice in the ERP (not refused), billing its PO exactly. */
export async function fileInvoice(poId: string, invoiceNumber: string): Promise<void> {
  await fileInvoiceIn(queryable, poId, invoiceNumber);
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
