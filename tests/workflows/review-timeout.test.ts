// A review nobody decides: the item is escalated after the workflow's timeout, then expires, and
// the run ends without writing anything.
import { describe, expect, it } from 'vitest';
import { createWorkflowRegistry, startRun } from '../../server/engine/index.ts';
import { invoiceApproval } from '../../server/workflows/invoice-approval/workflow.ts';
import { definePlannedWorkflow } from '../../server/workflows/planned-workflow.ts';
import { testWorker, waitForRun } from '../engine/support.ts';
import { people, pool, services } from './support.ts';

const hurried = createWorkflowRegistry([
  definePlannedWorkflow(
    {
      ...invoiceApproval,
      gate: {
        ...invoiceApproval.gate,
        review: { timeout: '300ms', onTimeout: 'escalate', escalationTimeout: '300ms' },
      },
    },
    () => services,
  ),
]);

describe('a review nobody decides', () => {
  it('is escalated, then expires, and nothing is written', async () => {
    const { rows } = await pool.query<{ vendorNumber: string; invoiceNumber: string }>(
      `WITH po AS (
         SELECT po.id, po.vendor_id, po.total, po.currency FROM erp.purchase_orders po
         JOIN erp.vendors v ON v.id = po.vendor_id
         WHERE v.status = 'active' AND po.status NOT IN ('cancelled', 'draft') AND po.total > 5000
         ORDER BY po.po_number LIMIT 1)
       INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
       SELECT vendor_id, 'LATE-1', id, total, currency, current_date, current_date + 30, now() FROM po
       RETURNING (SELECT vendor_number FROM erp.vendors WHERE id = vendor_id) AS "vendorNumber",
                 invoice_number AS "invoiceNumber"`,
    );
    testWorker(hurried);
    const { runId } = await startRun(pool, hurried, {
      workflowId: 'invoice-approval',
      input: rows[0],
      requestedById: people.requester,
    });

    const run = await waitForRun(runId, ['succeeded', 'dead'], 20_000);

    expect(run.output).toMatchObject({ outcome: 'expired' });
    const items = await pool.query('SELECT status FROM review_items WHERE run_id = $1', [runId]);
    expect(items.rows).toEqual([{ status: 'expired' }]);
    const audit = await pool.query(
      `SELECT action FROM audit_events WHERE subject_type = 'review_item' ORDER BY id`,
    );
    expect(audit.rows.map((row) => row.action)).toEqual(
      expect.arrayContaining(['review.escalated', 'review.expired']),
    );
    const invoice = await pool.query(
      `SELECT status FROM erp.invoices WHERE invoice_number = 'LATE-1'`,
    );
    expect(invoice.rows).toEqual([{ status: 'received' }]);
  });
});
