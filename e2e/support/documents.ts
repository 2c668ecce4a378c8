// Documents for the end-to-end tests, made from the seeded systems of record (a vendor's invoice
// as a PDF, a customer's e-mail about a move), and the answer the recorded model gives for each.
// The harness (scripts/test-e2e.ts) runs the recorded model server the app reads documents
// with (READER_MODEL) and replays the answer filed under the sha256 of a document's text in
// STEWARD_E2E_RECORDINGS; the text is computed here exactly as the app will compute it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { extractDocumentText } from '../../server/documents/extract-text.ts';
import { documentKey } from '../../server/models/recorded-model-server.ts';
import { makeEmail, makePdf } from '../../tests/support/documents.ts';
import { sql } from './db';

/** One quote of the evidence: a whole line of the text, with its offsets. */
interface Quote {
  quote: string;
  start: number;
  end: number;
}

/** The line of `text` that holds `needle`, as the model quotes it. */
function lineWith(text: string, needle: string): Quote {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`the document's text has no "${needle}":\n${text}`);
  const start = text.lastIndexOf('\n', at) + 1;
  const newline = text.indexOf('\n', at);
  const end = newline < 0 ? text.length : newline;
  return { quote: text.slice(start, end), start, end };
}

/** A field of a model's answer: the value, quoted from the line that says it. */
function answer(text: string, value: string | number | null, needle?: string) {
  return {
    value,
    confidence: value === null ? 0.9 : 0.96,
    evidence: needle === undefined ? [] : [lineWith(text, needle)],
  };
}

/** Files the recorded model's answer for a document, under the text the app will extract. */
async function record(bytes: Uint8Array, fileName: string, fields: (text: string) => unknown) {
  const directory = process.env.STEWARD_E2E_RECORDINGS;
  if (!directory)
    throw new Error('STEWARD_E2E_RECORDINGS is not set: run through `npm run test:e2e`');
  const { text } = await extractDocumentText(bytes, { fileName });
  writeFileSync(path.join(directory, `${documentKey(text)}.json`), JSON.stringify(fields(text)));
  return text;
}

/** An IBAN in groups of four, as invoices print it. */
const grouped = (iban: string) => iban.replace(/(.{4})/g, '$1 ').trim();

/** The IBAN with two neighbouring different digits of its account number swapped: a misreading. */
export function swapTwoDigits(iban: string): string {
  for (let at = iban.length - 2; at > 4; at -= 1) {
    const [a, b] = [iban[at] ?? '', iban[at + 1] ?? ''];
    if (/\d/.test(a) && /\d/.test(b) && a !== b) {
      return `${iban.slice(0, at)}${b}${a}${iban.slice(at + 2)}`;
    }
  }
  throw new Error(`no two different neighbouring digits in ${iban}`);
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

export interface InvoiceCase {
  invoiceId: string;
  vendorNumber: string;
  invoiceNumber: string;
  iban: string;
  misreadIban: string;
  pdf: Uint8Array;
  fileName: string;
}

/**
 * A seeded invoice that waits for approval over the automatic limit (so a person approves it by
 * policy), from an active vendor with an account on record, billing its PO within tolerance and
 * with no duplicate; its PDF (supplier number, invoice number, PO, date, total, IBAN) and a
 * recorded reading that gets everything right but the IBAN, two of whose digits it swaps.
 */
export async function invoiceWithMisreadIban(): Promise<InvoiceCase> {
  const [invoice] = await sql<{
    invoiceId: string;
    vendorNumber: string;
    vendorName: string;
    taxId: string | null;
    iban: string;
    invoiceNumber: string;
    poNumber: string;
    amount: string;
    currency: string;
    invoiceDate: string;
  }>(
    `SELECT i.id AS "invoiceId", v.vendor_number AS "vendorNumber", v.name AS "vendorName",
            v.tax_id AS "taxId", v.iban, i.invoice_number AS "invoiceNumber",
            po.po_number AS "poNumber", i.amount::text AS amount, i.currency,
            i.invoice_date::text AS "invoiceDate"
       FROM erp.invoices i
       JOIN erp.vendors v ON v.id = i.vendor_id
       JOIN erp.purchase_orders po ON po.id = i.po_id
      WHERE i.status = 'received' AND v.status = 'active' AND v.iban IS NOT NULL
        AND i.amount > 5000 AND po.vendor_id = v.id AND po.currency = i.currency
        AND po.status NOT IN ('cancelled', 'draft') AND abs(i.amount - po.total) <= po.total * 0.01
        AND NOT EXISTS (
          SELECT 1 FROM erp.invoices o
           WHERE o.vendor_id = i.vendor_id AND o.id <> i.id
             AND regexp_replace(upper(o.invoice_number), '[^A-Z0-9]', '', 'g')
               = regexp_replace(upper(i.invoice_number), '[^A-Z0-9]', '', 'g'))
      ORDER BY i.received_at DESC, i.id LIMIT 1`,
  );
  if (!invoice) throw new Error('the seed has no clean received invoice over 5000 with an IBAN');
  const amount = Number(invoice.amount);
  const total = amount.toLocaleString('en-US', { minimumFractionDigits: 2 });
  const date = LONG_DATE.format(new Date(`${invoice.invoiceDate}T00:00:00Z`));
  const pdf = await makePdf([
    [
      invoice.vendorName,
      ...(invoice.taxId ? [`VAT ID ${invoice.taxId}`] : []),
      '',
      'INVOICE',
      '',
      `Supplier no.: ${invoice.vendorNumber}`,
      `Invoice no.: ${invoice.invoiceNumber}`,
      `Invoice date: ${date}`,
      `Your purchase order: ${invoice.poNumber}`,
      '',
      'Goods and services as ordered, see the purchase order.',
      '',
      `Total due: ${invoice.currency} ${total}`,
      '',
      'Please pay within the agreed terms to our account:',
      `IBAN: ${grouped(invoice.iban)}`,
    ],
  ]);
  const misreadIban = swapTwoDigits(invoice.iban);
  const fileName = `invoice-${invoice.invoiceNumber.replace(/[^\w-]+/g, '_')}.pdf`;
  await record(pdf, fileName, (text) => ({
    vendorNumber: answer(text, invoice.vendorNumber, `Supplier no.: ${invoice.vendorNumber}`),
    vendorName: answer(text, invoice.vendorName, invoice.vendorName),
    vendorTaxId: invoice.taxId
      ? answer(text, invoice.taxId, `VAT ID ${invoice.taxId}`)
      : answer(text, null),
    invoiceNumber: answer(text, invoice.invoiceNumber, `Invoice no.: ${invoice.invoiceNumber}`),
    poNumber: answer(text, invoice.poNumber, `Your purchase order: ${invoice.poNumber}`),
    invoiceDate: answer(text, invoice.invoiceDate, 'Invoice date:'),
    amount: answer(text, amount, 'Total due:'),
    currency: answer(text, invoice.currency, 'Total due:'),
    iban: answer(text, misreadIban, 'IBAN:'),
  }));
  return {
    invoiceId: invoice.invoiceId,
    vendorNumber: invoice.vendorNumber,
    invoiceNumber: invoice.invoiceNumber,
    iban: invoice.iban,
    misreadIban,
    pdf,
    fileName,
  };
}

/** A new address in a served country where no region is needed, with its name in English. */
const NEW_ADDRESSES: Record<
  string,
  { line1: string; postalCode: string; city: string; country: string }
> = {
  DE: { line1: 'Lindenallee 115', postalCode: '10115', city: 'Berlin', country: 'Germany' },
  FR: { line1: '12 Rue de Rivoli', postalCode: '75001', city: 'Paris', country: 'France' },
  NL: {
    line1: 'Keizersgracht 1',
    postalCode: '1015 CJ',
    city: 'Amsterdam',
    country: 'Netherlands',
  },
  GB: {
    line1: '221B Baker Street',
    postalCode: 'NW1 6XE',
    city: 'London',
    country: 'United Kingdom',
  },
};

export interface AddressCase {
  customerNumber: string;
  contactEmail: string;
  /** The new address, its country in words as the e-mail writes it. */
  address: { line1: string; postalCode: string; city: string; country: string };
  countryCode: string;
  eml: Uint8Array;
  fileName: string;
}

/**
 * A customer's contact writes that they moved within their country (no review by policy): the
 * e-mail, and a recorded reading that is right in every field.
 */
export async function addressChangeEmail(): Promise<AddressCase> {
  const [customer] = await sql<{
    customerNumber: string;
    contactEmail: string;
    contactName: string;
    country: string;
  }>(
    `SELECT c.customer_number AS "customerNumber", ct.email AS "contactEmail",
            ct.name AS "contactName", c.billing_country AS country
       FROM billing.customers c
       JOIN LATERAL (SELECT email, concat_ws(' ', first_name, last_name) AS name FROM crm.contacts
                      WHERE account_id = c.crm_account_id AND line1 IS NOT NULL
                      ORDER BY email LIMIT 1) ct ON TRUE
       JOIN shipping.delivery_profiles p ON p.customer_reference = c.customer_number AND p.is_default
      WHERE c.crm_account_id IS NOT NULL
        AND (SELECT count(*) FROM billing.customers o WHERE o.crm_account_id = c.crm_account_id) = 1
        AND c.billing_country = ANY($1::text[])
      ORDER BY c.customer_number LIMIT 1`,
    [Object.keys(NEW_ADDRESSES)],
  );
  const address = customer && NEW_ADDRESSES[customer.country];
  if (!customer || !address) throw new Error('the seed has no linked customer in a served country');
  const body = [
    'Hello,',
    '',
    `we have moved. Please send everything for our customer number ${customer.customerNumber} to our new address from now on:`,
    '',
    address.line1,
    `${address.postalCode} ${address.city}`,
    address.country,
    '',
    'Thank you and kind regards,',
    customer.contactName,
  ].join('\n');
  const eml = new TextEncoder().encode(
    makeEmail({
      from: `${customer.contactName} <${customer.contactEmail}>`,
      to: 'Customer Service <service@steward-demo.example>',
      subject: `New address for ${customer.customerNumber}`,
      date: new Date(),
      body,
    }),
  );
  const fileName = `move-${customer.customerNumber}.eml`;
  await record(eml, fileName, (text) => ({
    customerNumber: answer(
      text,
      customer.customerNumber,
      `customer number ${customer.customerNumber}`,
    ),
    contactEmail: answer(text, customer.contactEmail, `<${customer.contactEmail}>`),
    line1: answer(text, address.line1, address.line1),
    line2: answer(text, null),
    city: answer(text, address.city, `${address.postalCode} ${address.city}`),
    postalCode: answer(text, address.postalCode, `${address.postalCode} ${address.city}`),
    region: answer(text, null),
    country: answer(text, customer.country, address.country),
    effectiveDate: answer(text, null),
  }));
  return {
    customerNumber: customer.customerNumber,
    contactEmail: customer.contactEmail,
    address,
    countryCode: customer.country,
    eml,
    fileName,
  };
}

/** The invoice's status and the account its approval records. */
export async function invoiceRow(invoiceId: string) {
  const [row] = await sql<{
    status: string;
    pay_to_iban: string | null;
    approved_by: string | null;
  }>('SELECT status, pay_to_iban, approved_by FROM erp.invoices WHERE id = $1', [invoiceId]);
  return row ?? null;
}

/** The customer's billing address. */
export async function billingAddressOf(customerNumber: string) {
  const [row] = await sql<{ line1: string; postal_code: string; city: string; country: string }>(
    `SELECT billing_line1 AS line1, billing_postal_code AS postal_code, billing_city AS city,
            billing_country AS country
       FROM billing.customers WHERE customer_number = $1`,
    [customerNumber],
  );
  return row ?? null;
}

/** The run a requester's start landed on, with its status. */
export async function runStatus(runId: string): Promise<string | null> {
  const [row] = await sql<{ status: string }>('SELECT status FROM runs WHERE id = $1', [runId]);
  return row?.status ?? null;
}
