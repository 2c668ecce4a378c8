// Invoice approval from the vendor's invoice itself, through the real pipeline: the document is
// stored and attached as a requester hands it over, the real AI SDK provider reads it from a
// local model server replaying recorded answers, code grounds every field and cross-checks it
// with the ERP, and the ERP rows say what happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../support/database.ts';
import { answerFor } from '../support/document-answers.ts';
import { type DocumentWorld, startDocumentWorld } from '../support/document-runs.ts';
import { makePdf } from '../support/documents.ts';

let world: DocumentWorld;
beforeAll(async () => {
  world = await startDocumentWorld(testDatabaseUrl);
});
afterAll(async () => {
  await world?.close();
});

interface CleanInvoice {
  id: string;
  invoiceNumber: string;
  vendorNumber: string;
  vendorName: string;
  taxId: string | null;
  iban: string | null;
  amount: number;
  currency: string;
  invoiceDate: string;
  poNumber: string;
}

const used = new Set<string>();

/** A received invoice no test took yet that passes every ERP rule: active vendor, PO matched, no duplicate. */
async function cleanInvoice(where: string): Promise<CleanInvoice> {
  const invoice = (await cleanInvoices(where)).find((candidate) => !used.has(candidate.id));
  if (!invoice) throw new Error(`no unused clean invoice where ${where}`);
  used.add(invoice.id);
  return invoice;
}

async function cleanInvoices(where: string): Promise<CleanInvoice[]> {
  const { rows } = await world.pool.query<CleanInvoice>(
    `SELECT i.id, i.invoice_number AS "invoiceNumber", v.vendor_number AS "vendorNumber",
            v.name AS "vendorName", v.tax_id AS "taxId", v.iban, i.amount::float8 AS amount,
            i.currency, to_char(i.invoice_date, 'YYYY-MM-DD') AS "invoiceDate", po.po_number AS "poNumber"
       FROM erp.invoices i JOIN erp.vendors v ON v.id = i.vendor_id
       JOIN erp.purchase_orders po ON po.id = i.po_id
      WHERE i.status = 'received' AND v.status = 'active' AND po.status IN ('open', 'partially_received', 'received')
        AND po.currency = i.currency AND abs(po.total - i.amount) <= greatest(1, po.total * 0.01)
        AND NOT EXISTS (SELECT 1 FROM erp.invoices d WHERE d.vendor_id = i.vendor_id
                          AND d.invoice_number = i.invoice_number AND d.id <> i.id)
        AND ${where}
      ORDER BY i.invoice_number`,
  );
  if (rows.length === 0) throw new Error(`no clean invoice where ${where}`);
  return rows;
}

const euro = (amount: number) =>
  amount.toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const germanDate = (iso: string) => iso.split('-').reverse().join('.');
const spaced = (iban: string) => iban.replace(/(.{4})/g, '$1 ').trim();

/** A German PDF invoice for the ERP invoice, and the text Steward extracts from it. */
async function pdfOf(invoice: CleanInvoice, changes: { iban?: string; vendorName?: string } = {}) {
  const iban = changes.iban ?? invoice.iban;
  const lines = [
    changes.vendorName ?? invoice.vendorName,
    invoice.taxId ? `USt-IdNr.: ${invoice.taxId}` : 'Steuernummer folgt',
    '',
    `Rechnung Nr. ${invoice.invoiceNumber}`,
    `Rechnungsdatum: ${germanDate(invoice.invoiceDate)}`,
    `Ihre Lieferantennummer: ${invoice.vendorNumber}`,
    `Ihre Bestellung: ${invoice.poNumber}`,
    '',
    `Nettobetrag: ${euro(Math.round((invoice.amount / 1.19) * 100) / 100)} ${invoice.currency}`,
    `Gesamtbetrag: ${euro(invoice.amount)} ${invoice.currency}`,
    ...(iban ? [`Bankverbindung IBAN: ${spaced(iban)}`] : []),
  ];
  return makePdf([lines]);
}

/** The correct answer for a document made by pdfOf. */
function honestAnswer(text: string, invoice: CleanInvoice, iban: string | null = invoice.iban) {
  return answerFor(text, {
    vendorNumber: { value: invoice.vendorNumber },
    vendorName: { value: invoice.vendorName },
    vendorTaxId: { value: invoice.taxId },
    invoiceNumber: { value: invoice.invoiceNumber },
    poNumber: { value: invoice.poNumber },
    invoiceDate: { value: invoice.invoiceDate, quote: germanDate(invoice.invoiceDate) },
    amount: {
      value: invoice.amount,
      quote: `Gesamtbetrag: ${euro(invoice.amount)} ${invoice.currency}`,
    },
    currency: { value: invoice.currency, quote: `${euro(invoice.amount)} ${invoice.currency}` },
    iban: { value: iban, quote: iban ? spaced(iban) : null },
  });
}

async function textOf(bytes: Uint8Array) {
  const { extractDocumentText } = await import('../../server/documents/extract-text.ts');
  return (await extractDocumentText(bytes, { fileName: 'invoice.pdf' })).text;
}

async function invoiceRow(id: string) {
  const { rows } = await world.pool.query<{
    status: string;
    pay_to_iban: string | null;
    approved_by: string | null;
  }>('SELECT status, pay_to_iban, approved_by FROM erp.invoices WHERE id = $1', [id]);
  return rows[0];
}

describe('an invoice handed over as a PDF', () => {
  it('is read, grounded and approved on its own when it is clean and small, paying the account on record', async () => {
    const invoice = await cleanInvoice(`i.amount <= 5000 AND v.iban IS NOT NULL`);
    const bytes = await pdfOf(invoice);
    const text = await textOf(bytes);
    const runId = await world.start({
      workflowId: 'invoice-approval',
      bytes,
      fileName: 'rechnung.pdf',
      answer: honestAnswer(text, invoice),
    });
    const run = await world.settle(runId);
    expect(run.status).toBe('succeeded');
    expect(await invoiceRow(invoice.id)).toMatchObject({
      status: 'approved',
      pay_to_iban: invoice.iban,
      approved_by: 'steward',
    });
    const reading = await world.pool.query(
      'SELECT round, provider, fields FROM document_readings WHERE run_id = $1',
      [runId],
    );
    expect(reading.rows).toHaveLength(1);
    expect(reading.rows[0].provider).toMatch(/^openai-compatible:.*#recorded$/);
    const statuses = Object.fromEntries(
      (reading.rows[0].fields as { field: string; status: string }[]).map((field) => [
        field.field,
        field.status,
      ]),
    );
    expect(statuses).toMatchObject({
      vendorNumber: 'grounded',
      amount: 'grounded',
      iban: 'grounded',
      invoiceDate: 'grounded',
    });
    const calls = await world.pool.query(
      'SELECT step_id, provider, error FROM model_calls WHERE run_id = $1',
      [runId],
    );
    expect(calls.rows).toContainEqual(
      expect.objectContaining({
        step_id: 'read-document',
        provider: 'openai-compatible',
        error: null,
      }),
    );
    const attached = await world.pool.query('SELECT 1 FROM run_documents WHERE run_id = $1', [
      runId,
    ]);
    expect(attached.rowCount).toBe(1);
  });

  it('stops a misread total before anything is written: the quote says another amount', async () => {
    const invoice = await cleanInvoice(`i.amount > 5000 AND v.iban IS NOT NULL`);
    const bytes = await pdfOf(invoice);
    const text = await textOf(bytes);
    const answer = honestAnswer(text, invoice);
    const read = answer.amount;
    if (!read) throw new Error('no amount');
    answer.amount = { ...read, value: invoice.amount + 9 };
    const runId = await world.start({
      workflowId: 'invoice-approval',
      bytes,
      fileName: 'rechnung.pdf',
      answer,
    });
    const run = await world.settle(runId);
    expect(run.status).toBe('needs_review');
    expect(run.item?.stepId).toBe('document-fields-1');
    expect(run.item?.reasons.map((reason) => reason.code)).toContain('document-mismatch');
    expect((await invoiceRow(invoice.id))?.status).toBe('received');
    // The reviewer reads the document and corrects the total: the run goes on, and approves.
    const after = await world.correct(run, { amount: invoice.amount });
    // Over the limit for automatic approval: the approval itself waits for a person.
    expect(after.status).toBe('needs_review');
    expect(after.item?.stepId).toBe('review-1');
    expect((await invoiceRow(invoice.id))?.status).toBe('received');
    const approved = await world.decide(after, 'approved');
    expect(approved.status).toBe('succeeded');
    expect(await invoiceRow(invoice.id)).toMatchObject({
      status: 'approved',
      pay_to_iban: invoice.iban,
    });
    const labels = await world.pool.query(
      'SELECT field, model_value, corrected_value FROM extraction_labels WHERE run_id = $1',
      [runId],
    );
    expect(labels.rows).toEqual([
      { field: 'amount', model_value: invoice.amount + 9, corrected_value: invoice.amount },
    ]);
  });

  it('sends bank details that differ from the vendor\u2019s record to a person at high risk, the account not paid', async () => {
    const invoice = await cleanInvoice(`i.amount > 5000 AND v.iban IS NOT NULL`);
    const fraud = 'DE89370400440532013000';
    const bytes = await pdfOf(invoice, { iban: fraud });
    const text = await textOf(bytes);
    const runId = await world.start({
      workflowId: 'invoice-approval',
      bytes,
      fileName: 'rechnung.pdf',
      answer: honestAnswer(text, invoice, fraud),
    });
    const run = await world.settle(runId);
    expect(run.status).toBe('needs_review');
    expect(run.item?.reasons.map((reason) => reason.code)).toContain('bank-details');
    const risk = await world.pool.query('SELECT risk FROM review_items WHERE id = $1', [
      run.item?.id,
    ]);
    expect(risk.rows[0]?.risk).toBe('high');
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: 'received', pay_to_iban: null });
  });

  it('a total read from the wrong line is held against the ERP, and a correction is proposed again and approved', async () => {
    const invoice = await cleanInvoice(`i.amount > 5000 AND v.iban IS NOT NULL`);
    const bytes = await pdfOf(invoice);
    const text = await textOf(bytes);
    const net = Math.round((invoice.amount / 1.19) * 100) / 100;
    const answer = {
      ...honestAnswer(text, invoice),
      ...answerFor(text, {
        amount: { value: net, quote: `Nettobetrag: ${euro(net)} ${invoice.currency}` },
      }),
    };
    const runId = await world.start({
      workflowId: 'invoice-approval',
      bytes,
      fileName: 'rechnung.pdf',
      answer,
    });
    const run = await world.settle(runId);
    // The quote is real, so grounding holds; the ERP does not.
    expect(run.status).toBe('needs_review');
    expect(run.item?.stepId).toBe('review-1');
    expect(run.item?.reasons.map((reason) => reason.code)).toContain('document-amount');
    const corrected = await world.correct(run, { amount: invoice.amount });
    expect(corrected.status).toBe('needs_review');
    expect(corrected.item?.stepId).toBe('pass-2/review-1');
    expect(corrected.item?.reasons.map((reason) => reason.code)).not.toContain('document-amount');
    const superseded = await world.pool.query(
      'SELECT status, reason_code FROM review_items WHERE id = $1',
      [run.item?.id],
    );
    expect(superseded.rows[0]).toEqual({ status: 'superseded', reason_code: 'corrected' });
    const audit = await world.pool.query(
      `SELECT data FROM audit_events WHERE action = 'review.corrected' AND subject_id = $1`,
      [run.item?.id],
    );
    expect(audit.rows[0]?.data).toMatchObject({
      changes: [{ field: 'amount', from: net, to: invoice.amount }],
    });
    const approved = await world.decide(corrected, 'approved');
    expect(approved.status).toBe('succeeded');
    expect(await invoiceRow(invoice.id)).toMatchObject({
      status: 'approved',
      pay_to_iban: invoice.iban,
    });
    const rounds = await world.pool.query(
      'SELECT round FROM document_readings WHERE run_id = $1 ORDER BY round',
      [runId],
    );
    expect(rounds.rows.map((row) => row.round)).toEqual([1, 2]);
  });

  it('with no model that can read it, waits for a person to fill the fields from the document', async () => {
    const invoice = await cleanInvoice(`i.amount <= 5000 AND v.iban IS NULL`);
    const bytes = await pdfOf(invoice);
    const runId = await world.start({
      workflowId: 'invoice-approval',
      bytes,
      fileName: 'rechnung.pdf',
      answer: null,
    });
    const run = await world.settle(runId);
    expect(run.status).toBe('needs_review');
    expect(run.item?.reasons.map((reason) => reason.code)).toContain('document-unread');
    const after = await world.correct(run, {
      vendorNumber: invoice.vendorNumber,
      vendorName: invoice.vendorName,
      invoiceNumber: invoice.invoiceNumber,
      invoiceDate: invoice.invoiceDate,
      amount: invoice.amount,
      currency: invoice.currency,
    });
    expect(after.status).toBe('succeeded');
    expect((await invoiceRow(invoice.id))?.status).toBe('approved');
  });
});
