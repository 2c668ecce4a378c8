// The document corpus through the real pipeline (tests/support/document-runs.ts), one document
// at a time, each judged by what its run did: wrote (a write reached a system of record without
// a person), a person (the run waits for one, and why), or turned down. Between documents the
// subject's records are put back as they were (the corpus reuses the seeded records), standing in
// for a fresh system of record. Shared by tests/documents/corpus-runs.test.ts and
// `npm run bench:validation`; nothing here imports vitest.
import { cancelRun } from '../../server/engine/runs.ts';
import type { CorpusDocument } from '../fixtures/documents/corpus.ts';
import type { DocumentWorld, SettledRun } from './document-runs.ts';

/** Reason codes that only say what the workflow's policy is (a large invoice, a move abroad). */
const POLICY_CODES = new Set(['policy', 'irreversible-write']);

/** Reasons the reading of the document gave: grounding, the document's cross-checks, bank details. */
const isDocumentReason = (code: string) =>
  code.startsWith('document-') || code.startsWith('grounded-') || code === 'bank-details';

export interface DocumentVerdict {
  id: string;
  category: CorpusDocument['category'];
  kind: string | null;
  changesWrite: boolean;
  /** wrote: a write reached a system of record with nobody involved. */
  ended: 'wrote' | 'scheduled' | 'person' | 'turned-down' | 'failed';
  /** The reasons the run gave a person (or turned down), by code. */
  codes: string[];
  /** A person is involved for something other than the workflow's policy. */
  flagged: boolean;
  /** A person is involved because of the document's reading (not the records' own state). */
  flaggedByDocument: boolean;
  runStatus: string;
}

interface Snapshot {
  restore(): Promise<void>;
}

/** Takes the subject's records as they are, to put them back after the run. */
async function snapshot(world: DocumentWorld, document: CorpusDocument): Promise<Snapshot> {
  const { pool } = world;
  const truth = document.truth;
  if (document.workflow === 'invoice-approval') {
    const { rows } = await pool.query(
      `SELECT i.id, i.status, i.hold_reason, i.approved_at, i.approved_by, i.pay_to_iban
         FROM erp.invoices i JOIN erp.vendors v ON v.id = i.vendor_id
        WHERE v.vendor_number = $1 AND i.invoice_number = $2`,
      [truth.vendorNumber, truth.invoiceNumber],
    );
    return {
      async restore() {
        for (const row of rows) {
          await pool.query(
            `UPDATE erp.invoices SET status = $2, hold_reason = $3, approved_at = $4, approved_by = $5,
               pay_to_iban = $6 WHERE id = $1`,
            [
              row.id,
              row.status,
              row.hold_reason,
              row.approved_at,
              row.approved_by,
              row.pay_to_iban,
            ],
          );
        }
      },
    };
  }
  if (document.workflow === 'address-change') {
    const customer = await pool.query(
      'SELECT * FROM billing.customers WHERE customer_number = $1',
      [truth.customerNumber],
    );
    const contact = await pool.query('SELECT * FROM crm.contacts WHERE email = $1', [
      truth.contactEmail,
    ]);
    const profiles = await pool.query(
      'SELECT * FROM shipping.delivery_profiles WHERE customer_reference = $1',
      [truth.customerNumber],
    );
    const put = async (table: string, rows: Record<string, unknown>[]) => {
      for (const row of rows) {
        const columns = Object.keys(row).filter((column) => column !== 'id');
        await pool.query(
          `UPDATE ${table} SET ${columns.map((column, index) => `${column} = $${index + 2}`).join(', ')} WHERE id = $1`,
          [row.id, ...columns.map((column) => row[column])],
        );
      }
    };
    return {
      async restore() {
        await put('billing.customers', customer.rows);
        await put('crm.contacts', contact.rows);
        await put('shipping.delivery_profiles', profiles.rows);
      },
    };
  }
  const domain = String(truth.domain ?? String(truth.email ?? '').split('@')[1] ?? '');
  const accounts = await pool.query('SELECT id FROM crm.accounts WHERE domain = $1', [domain]);
  const contacts = await pool.query('SELECT id FROM crm.contacts WHERE email = $1', [truth.email]);
  return {
    async restore() {
      if (contacts.rowCount === 0)
        await pool.query('DELETE FROM crm.contacts WHERE email = $1', [truth.email]);
      if (accounts.rowCount === 0)
        await pool.query('DELETE FROM crm.accounts WHERE domain = $1', [domain]);
    },
  };
}

async function appliedWrites(world: DocumentWorld, runId: string): Promise<number> {
  const { rows } = await world.pool.query<{ count: string }>(
    `SELECT count(*) FROM (
       SELECT 1 FROM crm.applied_writes WHERE idempotency_key LIKE $1
       UNION ALL SELECT 1 FROM billing.applied_writes WHERE idempotency_key LIKE $1
       UNION ALL SELECT 1 FROM shipping.applied_writes WHERE idempotency_key LIKE $1
       UNION ALL SELECT 1 FROM erp.applied_writes WHERE idempotency_key LIKE $1) w`,
    [`${runId}:%`],
  );
  return Number(rows[0]?.count ?? 0);
}

function reasonsOf(run: SettledRun): string[] {
  if (run.item) return run.item.reasons.map((reason) => reason.code);
  const output = run.output;
  if (
    output !== null &&
    typeof output === 'object' &&
    'reasons' in output &&
    Array.isArray(output.reasons)
  ) {
    return output.reasons.flatMap((reason: unknown) =>
      reason !== null && typeof reason === 'object' && 'code' in reason
        ? [String(reason.code)]
        : [],
    );
  }
  return [];
}

/** Runs one document and judges it; the subject's records are put back afterwards. */
export async function judgeDocument(
  world: DocumentWorld,
  document: CorpusDocument,
): Promise<DocumentVerdict> {
  const before = await snapshot(world, document);
  try {
    const runId = await world.start({
      workflowId: document.workflow,
      bytes: await document.render(),
      fileName: document.fileName,
      extraInput: document.extraInput,
      answer: document.answer.fields,
    });
    const run = await world.settle(runId);
    const writes = await appliedWrites(world, runId);
    const codes = reasonsOf(run);
    const ended: DocumentVerdict['ended'] =
      writes > 0
        ? 'wrote'
        : run.status === 'needs_review'
          ? 'person'
          : run.status === 'succeeded'
            ? 'turned-down'
            : run.status === 'sleeping'
              ? 'scheduled'
              : 'failed';
    if (run.status === 'needs_review' || run.status === 'sleeping') {
      // Nobody will decide it: the run is cancelled, as operations would.
      await cancelRun(world.pool, { runId, reason: 'benchmark: nobody decides' });
    }
    return {
      id: document.id,
      category: document.category,
      kind: document.plantedError?.kind ?? document.hostile?.kind ?? null,
      changesWrite: document.plantedError?.changesWrite ?? false,
      ended,
      codes,
      flagged:
        ended !== 'wrote' && ended !== 'scheduled' && codes.some((code) => !POLICY_CODES.has(code)),
      flaggedByDocument: ended !== 'wrote' && ended !== 'scheduled' && codes.some(isDocumentReason),
      runStatus: run.status,
    };
  } finally {
    await before.restore();
  }
}

/** The figures of a corpus run. */
export function summarize(verdicts: readonly DocumentVerdict[]) {
  const errors = verdicts.filter((verdict) => verdict.category === 'model-error');
  const clean = verdicts.filter((verdict) => verdict.category === 'clean');
  const hostile = verdicts.filter((verdict) => verdict.category === 'hostile');
  const caught = errors.filter((verdict) => verdict.flagged || verdict.ended === 'turned-down');
  const missed = errors.filter((verdict) => verdict.changesWrite && !caught.includes(verdict));
  // A clean document goes to a person because of its reading only when a document reason says
  // so; one held by the records' own state (a blocked vendor, a PO that does not match) would be
  // held as typed input too, and is counted apart.
  const cleanToPerson = clean.filter((verdict) => verdict.flaggedByDocument);
  const cleanHeldByRecords = clean.filter(
    (verdict) => verdict.flagged && !verdict.flaggedByDocument,
  );
  return {
    docs: verdicts.length,
    modelErrors: errors.length,
    caught: caught.length,
    missed: missed.length,
    missedIds: missed.map((verdict) => verdict.id),
    harmlessUncaught: errors.length - caught.length - missed.length,
    cleanToReviewPct:
      clean.length === 0 ? 0 : Math.round((1000 * cleanToPerson.length) / clean.length) / 10,
    cleanHeldByRecords: cleanHeldByRecords.length,
    cleanToPersonIds: cleanToPerson.map((verdict) => `${verdict.id} (${verdict.codes.join(',')})`),
    hostile: hostile.length,
    hostileToPerson: hostile.filter((verdict) => verdict.flagged).length,
    hostileMissedIds: hostile
      .filter((verdict) => !verdict.flagged)
      .map((verdict) => `${verdict.id} (${verdict.ended})`),
    failed: verdicts
      .filter((verdict) => verdict.ended === 'failed')
      .map((verdict) => `${verdict.id} (${verdict.runStatus})`),
  };
}
