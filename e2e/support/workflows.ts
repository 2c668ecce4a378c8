// Inputs for the trigger forms taken from the seeded systems of record, chosen so each run
// finishes without a person, and what the database says about the runs they start.
import { sql } from './db';

let counter = 0;

/**
 * A new received invoice of an active vendor that bills one of its open POs under the automatic
 * approval limit (5,000) exactly: invoice approval approves it without review.
 */
export async function cleanSmallInvoice(): Promise<{
  vendorNumber: string;
  invoiceNumber: string;
}> {
  counter += 1;
  const [invoice] = await sql<{ vendorNumber: string; invoiceNumber: string }>(
    `WITH po AS (
       SELECT po.id, po.vendor_id, po.total, po.currency FROM erp.purchase_orders po
       JOIN erp.vendors v ON v.id = po.vendor_id
       WHERE v.status = 'active' AND po.status NOT IN ('cancelled', 'draft') AND po.currency = v.currency
         AND po.total > 100 AND po.total < 5000
       ORDER BY po.po_number OFFSET $1 LIMIT 1)
     INSERT INTO erp.invoices (vendor_id, invoice_number, po_id, amount, currency, invoice_date, due_date, received_at)
     SELECT vendor_id, $2, id, total, currency, current_date, current_date + 30, now() FROM po
     RETURNING (SELECT vendor_number FROM erp.vendors WHERE id = vendor_id) AS "vendorNumber",
               invoice_number AS "invoiceNumber"`,
    [counter, `FORM-${Date.now()}-${counter}`],
  );
  if (!invoice) throw new Error('the seed has no open PO under 5000');
  return invoice;
}

/** A company the directory knows and the CRM has under no similar name or domain. */
export async function companyOutsideCrm(): Promise<{ domain: string; legalName: string }> {
  const [company] = await sql<{ domain: string; legalName: string }>(
    `SELECT d.domain, d.legal_name AS "legalName" FROM directory.companies d
     WHERE NOT EXISTS (SELECT 1 FROM crm.accounts a WHERE a.domain = d.domain
                         OR lower(a.name) = lower(d.legal_name)
                         OR split_part(a.domain, '.', 1) = split_part(d.domain, '.', 1))
     ORDER BY d.domain DESC LIMIT 1`,
  );
  if (!company) throw new Error('the seed has no company outside the CRM');
  return company;
}

/** A new address in each served country, with a postal code that fits it (POSTAL_CODES). */
const ADDRESSES: Record<
  string,
  { line1: string; postalCode: string; city: string; region?: string }
> = {
  DE: { line1: 'Lindenallee 115', postalCode: '10115', city: 'Berlin' },
  FR: { line1: '12 Rue de Rivoli', postalCode: '75001', city: 'Paris' },
  NL: { line1: 'Keizersgracht 1', postalCode: '1015 CJ', city: 'Amsterdam' },
  GB: { line1: '221B Baker Street', postalCode: 'NW1 6XE', city: 'London' },
  US: { line1: '350 Fifth Avenue', postalCode: '10118', city: 'New York', region: 'NY' },
  CA: { line1: '100 Queen St W', postalCode: 'M5H 2N2', city: 'Toronto', region: 'ON' },
};

/**
 * A customer known to billing, shipping and the CRM (one billing customer for its account, a
 * contact with an address, a default delivery profile), and a new address in its own country:
 * the address change goes through without review.
 */
export async function customerMovingWithinCountry() {
  const [customer] = await sql<{ customerNumber: string; contactEmail: string; country: string }>(
    `SELECT c.customer_number AS "customerNumber", ct.email AS "contactEmail", c.billing_country AS country
       FROM billing.customers c
       JOIN LATERAL (SELECT email FROM crm.contacts
                      WHERE account_id = c.crm_account_id AND line1 IS NOT NULL
                      ORDER BY email LIMIT 1) ct ON TRUE
       JOIN shipping.delivery_profiles p ON p.customer_reference = c.customer_number AND p.is_default
      WHERE c.crm_account_id IS NOT NULL
        AND (SELECT count(*) FROM billing.customers o WHERE o.crm_account_id = c.crm_account_id) = 1
        AND c.billing_country = ANY($1::text[])
      ORDER BY c.customer_number DESC LIMIT 1`,
    [Object.keys(ADDRESSES)],
  );
  const address = customer && ADDRESSES[customer.country];
  if (!customer || !address) throw new Error('the seed has no linked customer in a served country');
  return { ...customer, address: { ...address, country: customer.country } };
}

/** How many runs there are. */
export async function runCount(): Promise<number> {
  const [row] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM runs');
  return row?.n ?? -1;
}

/** The run's workflow, requester and status. */
export async function runOf(runId: string) {
  const [row] = await sql<{ workflow_id: string; requested_by_id: string | null; status: string }>(
    'SELECT workflow_id, requested_by_id, status FROM runs WHERE id = $1',
    [runId],
  );
  return row ?? null;
}
