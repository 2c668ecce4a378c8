// A run handed a document: the input's documentId is checked and the link written with the run,
// refused (nothing written) when the document does not exist or the workflow takes none, and
// kept by replays. Also the field error a form shows under "documentId".
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/app-error.ts';
import { NO_SUCH_DOCUMENT_MESSAGE, storeDocument } from '../../server/documents/store.ts';
import { cancelRun, replayRun } from '../../server/engine/index.ts';
import { requestRun, type TEngineDispatch } from '../../server/runs/request-run.ts';
import { dottedInputError } from '../../server/workflows/catalogue/catalogue.ts';
import { testDatabaseUrl } from '../support/database.ts';
import { makePdf } from '../support/documents.ts';
import { registry } from './workflows.ts';

const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 4 });
// An idle connection is cut when the file's database is dropped: nothing to report.
pool.on('error', () => {});
afterAll(() => pool.end());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const embedded: TEngineDispatch = { engine: 'embedded', sendInngestEvent: async () => undefined };

async function storedPdf(line: string): Promise<string> {
  const stored = await storeDocument(pool, { bytes: await makePdf([[line]]), uploadedById: null });
  return stored.id;
}

async function linkedDocuments(runId: string): Promise<string[]> {
  const { rows } = await pool.query<{ document_id: string }>(
    'SELECT document_id FROM run_documents WHERE run_id = $1 ORDER BY created_at',
    [runId],
  );
  return rows.map((row) => row.document_id);
}

async function runCount(): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM runs');
  return rows[0]?.n ?? -1;
}

async function appErrorOf(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('requestRun with a document', () => {
  it('links the document its input names to the new run', async () => {
    const documentId = await storedPdf('Invoice INV-1');
    const { runId } = await requestRun(
      pool,
      registry,
      { workflowId: 'read-document', input: { note: 'check it', documentId } },
      embedded,
    );
    expect(await linkedDocuments(runId)).toEqual([documentId]);
    const { rows } = await pool.query('SELECT input FROM runs WHERE id = $1', [runId]);
    expect(rows[0]?.input).toEqual({ note: 'check it', documentId });
  });

  it('links nothing when the input names no document', async () => {
    const { runId } = await requestRun(
      pool,
      registry,
      { workflowId: 'read-document', input: { note: 'no document' } },
      embedded,
    );
    expect(await linkedDocuments(runId)).toEqual([]);
  });

  it('refuses a document that was never uploaded, on the documentId field, and writes no run', async () => {
    const before = await runCount();
    const error = await appErrorOf(
      requestRun(
        pool,
        registry,
        { workflowId: 'read-document', input: { documentId: UNKNOWN } },
        embedded,
      ),
    );
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe(
      `The input for read-document is not valid: documentId: ${NO_SUCH_DOCUMENT_MESSAGE}`,
    );
    // What workflow.start sends a form: the message under the field.
    expect(dottedInputError(error)?.issues).toEqual([
      expect.objectContaining({ path: ['documentId'], message: NO_SUCH_DOCUMENT_MESSAGE }),
    ]);
    expect(await runCount()).toBe(before);
  });

  it('refuses a document for a workflow that takes none, rather than dropping it', async () => {
    const documentId = await storedPdf('Invoice INV-2');
    const before = await runCount();
    const error = await appErrorOf(
      requestRun(pool, registry, { workflowId: 'note', input: { documentId } }, embedded),
    );
    expect(error.message).toBe(
      'The input for note is not valid: documentId: note does not take documents.',
    );
    expect(await runCount()).toBe(before);
  });
});

describe('replaying a run with a document', () => {
  async function cancelledRunWith(documentId: string): Promise<string> {
    const { runId } = await requestRun(
      pool,
      registry,
      { workflowId: 'read-document', input: { documentId } },
      embedded,
    );
    await cancelRun(pool, { runId });
    return runId;
  }

  it('from the start: the new run has the same documents', async () => {
    const documentId = await storedPdf('Invoice INV-3');
    const origin = await cancelledRunWith(documentId);
    const replay = await replayRun(pool, registry, { runId: origin, mode: 'from_start' });
    expect(replay.runId).not.toBe(origin);
    expect(await linkedDocuments(replay.runId)).toEqual([documentId]);
  });

  it('with corrected input: the new run has the document the corrected input names', async () => {
    const wrong = await storedPdf('Invoice INV-4 (wrong one)');
    const right = await storedPdf('Invoice INV-4');
    const origin = await cancelledRunWith(wrong);
    const replay = await replayRun(pool, registry, {
      runId: origin,
      mode: 'with_input',
      input: { documentId: right },
    });
    expect(await linkedDocuments(replay.runId)).toEqual([right]);
    expect(await linkedDocuments(origin)).toEqual([wrong]);
  });

  it('with corrected input naming no stored document: refused, nothing replayed', async () => {
    const origin = await cancelledRunWith(await storedPdf('Invoice INV-5'));
    const before = await runCount();
    const error = await appErrorOf(
      replayRun(pool, registry, {
        runId: origin,
        mode: 'with_input',
        input: { documentId: UNKNOWN },
      }),
    );
    expect(error.message).toContain(NO_SUCH_DOCUMENT_MESSAGE);
    expect(await runCount()).toBe(before);
  });
});
