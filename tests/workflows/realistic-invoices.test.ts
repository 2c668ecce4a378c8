// Realistic invoice runs, as a month of work brings them: every kind of invoice the seeded ERP
// holds (received, on hold, approved, paid, rejected; with and without a PO; active, held and
// blocked vendors; re-submitted numbers) and numbers the vendor never sent. Each run ends
// decided: approved, turned down with the reason, or waiting for a person; none dies. (Before
// the subject was resolved by the workflow's code, about a third of them died in
// propose-writes with InvoiceStateError.)
import { describe, expect, it } from 'vitest';
import { startRun } from '../../server/engine/index.ts';
import { testWorker, waitForRun } from '../engine/support.ts';
import { deadLettersOf, people, pool, registry, SETTLED } from './support.ts';

describe('eighty realistic invoice runs', () => {
  it('end approved, turned down with the reason, or with a person, and never dead', async () => {
    const { rows } = await pool.query<{
      vendorNumber: string;
      invoiceNumber: string;
      status: string;
    }>(
      `SELECT DISTINCT ON (i.status, i.po_id IS NULL, v.status, i.id) v.vendor_number AS "vendorNumber",
              i.invoice_number AS "invoiceNumber", i.status
         FROM erp.invoices i JOIN erp.vendors v ON v.id = i.vendor_id
        ORDER BY i.status, i.po_id IS NULL, v.status, i.id`,
    );
    // A spread over every status, then numbers the ERP does not have.
    const byStatus = new Map<string, typeof rows>();
    for (const row of rows) byStatus.set(row.status, [...(byStatus.get(row.status) ?? []), row]);
    const picked = [...byStatus.values()].flatMap((group) => group.slice(0, 14));
    const unknown = picked.slice(0, 80 - Math.min(picked.length, 70)).map((row, index) => ({
      ...row,
      invoiceNumber: `NOT-SENT-${index}`,
      status: 'missing',
    }));
    const runs = [...picked.slice(0, 70), ...unknown];
    expect(runs).toHaveLength(80);
    expect(new Set(runs.map((run) => run.status))).toEqual(
      new Set(['received', 'on_hold', 'approved', 'paid', 'rejected', 'missing']),
    );

    const ends: Record<string, number> = {};
    testWorker(registry);
    for (const invoice of runs) {
      const { runId } = await startRun(pool, registry, {
        workflowId: 'invoice-approval',
        input: { vendorNumber: invoice.vendorNumber, invoiceNumber: invoice.invoiceNumber },
        requestedById: people.requester,
      });
      const run = await waitForRun(runId, SETTLED, 30_000);
      const output = run.output as { outcome?: string; by?: string } | null;
      const end =
        run.status === 'succeeded'
          ? `${output?.outcome}${output?.by ? ` by ${output.by}` : ''}`
          : run.status;
      ends[end] = (ends[end] ?? 0) + 1;
      const dead = await deadLettersOf(run.id);
      expect(dead, `${invoice.vendorNumber} ${invoice.invoiceNumber} (${invoice.status})`).toEqual(
        [],
      );
      expect(['succeeded', 'needs_review']).toContain(run.status);
      if (
        invoice.status === 'approved' ||
        invoice.status === 'paid' ||
        invoice.status === 'missing'
      ) {
        expect(output).toMatchObject({ outcome: 'rejected', by: 'rules' });
      }
    }
    // Every way a run can end decided is met.
    expect(Object.keys(ends)).toEqual(expect.arrayContaining(['completed', 'rejected by rules']));
    expect(ends.needs_review ?? 0).toBeGreaterThan(0);
  }, 240_000);
});
