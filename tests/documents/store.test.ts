// Documents in PostgreSQL: stored once per content with their text and offset map, read back by
// id and by run, and nothing written for a document that is refused.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  attachDocument,
  documentsOfRun,
  getDocument,
  storeDocument,
} from '../../server/documents/store.ts';
import { DocumentError } from '../../server/documents/types.ts';
import { testUser } from '../support/auth.ts';
import { testDatabaseUrl } from '../support/database.ts';
import { makeEmail, makePdf, makeScannedPdf } from '../support/documents.ts';

const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 4 });
// An idle connection is cut when the file's database is dropped: nothing to report.
pool.on('error', () => {});
afterAll(() => pool.end());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

async function documentCount(): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM documents');
  return rows[0]?.n ?? -1;
}

async function failureOf(call: Promise<unknown>): Promise<DocumentError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DocumentError))
    throw new Error(`expected a DocumentError, got ${String(error)}`);
  return error;
}

/** A queued run of no particular workflow, to attach documents to. */
async function someRun(): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO runs (workflow_id, workflow_version, input) VALUES ('read-document', 1, '{}') RETURNING id`,
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('no run inserted');
  return id;
}

describe('storeDocument', () => {
  it('stores a PDF with its bytes, hash, text and page map, and who uploaded it', async () => {
    const user = await testUser(pool, 'requester');
    const bytes = await makePdf([['Invoice INV-9001', 'Total 12.00 EUR'], ['Page two']]);
    const stored = await storeDocument(pool, {
      bytes,
      fileName: 'C:\\Users\\rita\\Downloads\\INV-9001.pdf',
      mediaType: 'application/pdf',
      uploadedById: user.id,
    });
    expect(stored).toMatchObject({
      created: true,
      contentHash: createHash('sha256').update(bytes).digest('hex'),
      mediaType: 'application/pdf',
      fileName: 'INV-9001.pdf',
      sizeBytes: bytes.byteLength,
      text: 'Invoice INV-9001\nTotal 12.00 EUR\n\nPage two',
      meta: { pages: 2 },
      uploadedById: user.id,
    });
    expect(stored.segments.map((segment) => stored.text.slice(segment.start, segment.end))).toEqual(
      ['Invoice INV-9001\nTotal 12.00 EUR', 'Page two'],
    );
    const { rows } = await pool.query<{ content: Buffer }>(
      'SELECT content FROM documents WHERE id = $1',
      [stored.id],
    );
    expect(Buffer.compare(rows[0]?.content ?? Buffer.alloc(0), Buffer.from(bytes))).toBe(0);
    const { created: _created, ...document } = stored;
    expect(await getDocument(pool, stored.id)).toEqual(document);
  });

  it('stores the same bytes once: a second upload gets the same id and keeps the first name', async () => {
    const eml = new TextEncoder().encode(
      makeEmail({
        from: 'Vendor <billing@vendor.example>',
        to: 'ap@steward.example',
        subject: 'Invoice',
        date: 'Tue, 01 Dec 2026 09:30:00 +0100',
        body: 'Invoice INV-5 attached.',
      }),
    );
    const before = await documentCount();
    const first = await storeDocument(pool, {
      bytes: eml,
      fileName: 'first.eml',
      uploadedById: null,
    });
    const again = await storeDocument(pool, {
      bytes: eml,
      fileName: 'second.eml',
      uploadedById: null,
    });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ id: first.id, created: false, fileName: 'first.eml' });
    expect(await documentCount()).toBe(before + 1);
  });

  it('stores bytes that arrive at the same time once', async () => {
    const bytes = new TextEncoder().encode(`Pasted at ${Date.now()}: Hauptstraße 5`);
    const before = await documentCount();
    const results = await Promise.all(
      [1, 2, 3].map(() => storeDocument(pool, { bytes, uploadedById: null })),
    );
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await documentCount()).toBe(before + 1);
  });

  it('writes nothing for a refused document', async () => {
    const before = await documentCount();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect((await failureOf(storeDocument(pool, { bytes: png, uploadedById: null }))).code).toBe(
      'unsupported-type',
    );
    const scan = await makeScannedPdf();
    expect((await failureOf(storeDocument(pool, { bytes: scan, uploadedById: null }))).code).toBe(
      'no-text-layer',
    );
    expect(await documentCount()).toBe(before);
  });
});

describe('getDocument', () => {
  it('refuses an unknown id, or one that is no uuid, as not-found', async () => {
    expect(await failureOf(getDocument(pool, UNKNOWN))).toMatchObject({
      code: 'not-found',
      message: `There is no document ${UNKNOWN}.`,
    });
    expect((await failureOf(getDocument(pool, 'INV-1'))).code).toBe('not-found');
  });
});

describe('attachDocument and documentsOfRun', () => {
  it('links documents to a run once each, and lists them in the order they were attached', async () => {
    const runId = await someRun();
    const text = await storeDocument(pool, {
      bytes: new TextEncoder().encode('Delivery note 17'),
      uploadedById: null,
    });
    const pdf = await storeDocument(pool, {
      bytes: await makePdf([['Invoice 17']]),
      uploadedById: null,
    });
    await attachDocument(pool, runId, pdf.id);
    await attachDocument(pool, runId, text.id);
    await attachDocument(pool, runId, pdf.id);
    const documents = await documentsOfRun(pool, runId);
    expect(documents.map((document) => document.id)).toEqual([pdf.id, text.id]);
    expect(documents[0]?.text).toBe('Invoice 17');
    expect(await documentsOfRun(pool, await someRun())).toEqual([]);
  });

  it('refuses to link a document that does not exist, and links nothing', async () => {
    const runId = await someRun();
    expect((await failureOf(attachDocument(pool, runId, UNKNOWN))).code).toBe('not-found');
    expect(await documentsOfRun(pool, runId)).toEqual([]);
  });
});
