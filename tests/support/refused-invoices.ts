// Dead runs that die for a real reason a fix can remove: a clean small invoice (received, active
// vendor, billing one of its POs exactly, at most 5,000: approved without a person) is filed in
// the ERP, and the ERP refuses changes to that invoice. The refusal is a real trigger on
// erp.invoices (BEFORE UPDATE, each row) raising "The ERP refuses changes to invoice <number>"
// for the numbers listed in public.refused_invoices, so an invoice-approval run of it dies for
// good in tool:approve-invoice (erp.approve-invoice) after the tool's retries. Deleting the number
// from the list is the fix. Shared by the API tests and the Playwright suite; imports no vitest.

/** A PostgreSQL pool or client: all these helpers need. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The list and the trigger; creating them again changes nothing. */
export async function ensureInvoiceRefusals(db: Queryable): Promise<void> {
  await db.query(`
    CREATE TABLE IF NOT EXISTS public.refused_invoices (invoice_number text PRIMARY KEY);
    CREATE OR REPLACE FUNCTION public.refuse_invoice_changes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM public.refused_invoices WHERE invoice_number = NEW.invoice_number) THEN
        RAISE EXCEPTION 'The ERP refuses changes to invoice %', NEW.invoice_number;
      END IF;
      RETURN NEW;
    END $$;
    DROP TRIGGER IF EXISTS refuse_invoice_changes ON erp.invoices;
    CREATE TRIGGER refuse_invoice_changes BEFORE UPDATE ON erp.invoices
      FOR EACH ROW EXECUTE FUNCTION public.refuse_invoice_changes();`);
}

/** From now on the ERP refuses any change to the invoice numbered `invoiceNumber`. */
export async function refuseChangesTo(db: Queryable, invoiceNumber: string): Promise<void> {
  await ensureInvoiceRefusals(db);
  await db.query(
    'INSERT INTO public.refused_invoices (invoice_number) VALUES ($1) ON CONFLICT DO NOTHING',
    [invoiceNumber],
  );
}

/** The fix: the ERP accepts changes to the invoice again. */
export async function allowChangesTo(db: Queryable, invoiceNumber: string): Promise<void> {
  await db.query('DELETE FROM public.refused_invoices WHERE invoice_number = $1', [invoiceNumber]);
}

/**
 * An active vendor with an open PO of more than 100 and at most 5,000 in its currency (a clean
 * invoice billing it is approved at once); `skip` picks another one per caller.
 */
export async function smallPurchaseOrder(
  db: Queryable,
  skip: number,
): Promise<{ vendorNumber: string; poId: string }> {
  const { rows } = await db.query(
    `SELECT v.vendor_number AS "vendorNumber", po.id AS "poId" FROM erp.purchase_orders po
       JOIN erp.vendors v ON v.id = po.vendor_id
      WHERE v.status = 'active' AND po.status NOT IN ('cancelled', 'draft') AND po.currency = v.currency
        AND po.total > 100 AND po.total <= 5000
      ORDER BY po.po_number OFFSET $1 LIMIT 1`,
    [skip],
  );
  const found = rows[0] as { vendorNumber: string; poId: string } | undefined;
  if (!found) throw new Error('the seed has no open PO under 5000');
  return found;
}

/** Files a received invoice in the ERP, billing its PO exactly. */
export async function fileInvoice(db: Queryable, poId: string, invoiceNumber: string) {
  await db.query(
    `INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
     SELECT vendor_id, $2, id, total, currency, current_date, current_date + 30, now()
       FROM erp.purchase_orders WHERE id = $1`,
    [poId, invoiceNumber],
  );
}

/**
 * A clean small invoice numbered `invoiceNumber`, filed on the `skip`-th small PO, that the ERP
 * refuses to change: an invoice-approval run of it dies in tool:approve-invoice.
 */
export async function refusedInvoice(db: Queryable, skip: number, invoiceNumber: string) {
  const { vendorNumber, poId } = await smallPurchaseOrder(db, skip);
  await fileInvoice(db, poId, invoiceNumber);
  await refuseChangesTo(db, invoiceNumber);
  return { vendorNumber, invoiceNumber, poId };
}
