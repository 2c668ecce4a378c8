// Uploading documents through the real route handler (POST /api/documents) with real session
// cookies: a file as multipart form data or pasted text as JSON, stored once, refused documents
// answered with their code and message, and the API's rules (origin, session, role, size).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { POST } from '../../app/api/documents/route.ts';
import { ZUploadedDocumentSchema } from '../../server/api/documents/upload-document.ts';
import { MAX_DOCUMENT_BYTES } from '../../server/documents/types.ts';
import { getEnginePool } from '../../server/engine/pool.ts';
import { sessionCookie, TEST_ORIGIN } from '../support/auth.ts';
import { testDatabaseUrl } from '../support/database.ts';
import { makePdf } from '../support/documents.ts';

const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
// An idle connection is cut when the file's database is dropped: nothing to report.
pool.on('error', () => {});

const url = `${TEST_ORIGIN}/api/documents`;
const ZRefusalSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

let requester = { id: '', cookie: '' };
let operations = { id: '', cookie: '' };
let reviewer = { id: '', cookie: '' };

beforeAll(async () => {
  requester = await sessionCookie(pool, 'requester');
  operations = await sessionCookie(pool, 'operations');
  reviewer = await sessionCookie(pool, 'reviewer');
});

afterAll(async () => {
  await pool.end();
  await getEnginePool().end();
});

function uploadFile(
  cookie: string | null,
  file: { bytes: Uint8Array; name: string; type?: string },
  headers: Record<string, string> = { origin: TEST_ORIGIN },
) {
  const form = new FormData();
  form.set('file', new File([Buffer.from(file.bytes)], file.name, { type: file.type ?? '' }));
  return POST(
    new Request(url, {
      method: 'POST',
      headers: { ...headers, ...(cookie ? { cookie } : {}) },
      body: form,
    }),
  );
}

function pasteText(cookie: string, body: unknown) {
  return POST(
    new Request(url, {
      method: 'POST',
      headers: { cookie, origin: TEST_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

async function documentCount(): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM documents');
  return rows[0]?.n ?? -1;
}

describe('POST /api/documents', () => {
  it('stores an uploaded PDF for a requester and answers 201 with what was read', async () => {
    const bytes = await makePdf([['Invoice INV-700', 'Total 70.00 EUR'], ['Page 2 text']]);
    const response = await uploadFile(requester.cookie, {
      bytes,
      name: 'INV-700.pdf',
      type: 'application/pdf',
    });
    expect(response.status).toBe(201);
    const body = ZUploadedDocumentSchema.strict().parse(await response.json());
    expect(body).toMatchObject({
      mediaType: 'application/pdf',
      fileName: 'INV-700.pdf',
      sizeBytes: bytes.byteLength,
      pages: 2,
      textLength: 'Invoice INV-700\nTotal 70.00 EUR\n\nPage 2 text'.length,
    });
    const { rows } = await pool.query(
      'SELECT uploaded_by_id, content_hash, text FROM documents WHERE id = $1',
      [body.id],
    );
    expect(rows).toEqual([
      {
        uploaded_by_id: requester.id,
        content_hash: body.contentHash,
        text: 'Invoice INV-700\nTotal 70.00 EUR\n\nPage 2 text',
      },
    ]);
  });

  it('answers 200 with the same id when the same bytes come again, and stores them once', async () => {
    const bytes = await makePdf([['Invoice INV-701']]);
    const first = await uploadFile(requester.cookie, { bytes, name: 'a.pdf' });
    const before = await documentCount();
    const again = await uploadFile(operations.cookie, { bytes, name: 'b.pdf' });
    expect([first.status, again.status]).toEqual([201, 200]);
    const [firstBody, againBody] = [
      ZUploadedDocumentSchema.parse(await first.json()),
      ZUploadedDocumentSchema.parse(await again.json()),
    ];
    expect(againBody).toEqual(firstBody);
    expect(await documentCount()).toBe(before);
    // Both hand-overs are audited, the second as bytes stored before.
    const { rows } = await pool.query(
      `SELECT data->>'storedBefore' AS "storedBefore" FROM audit_events
        WHERE action = 'document.uploaded' AND subject_id = $1 ORDER BY id`,
      [firstBody.id],
    );
    expect(rows).toEqual([{ storedBefore: 'false' }, { storedBefore: 'true' }]);
  });

  it('stores pasted text sent as JSON', async () => {
    const response = await pasteText(operations.cookie, {
      text: 'Neue Adresse:\r\nHauptstraße 5\r\n10115 Berlin',
      fileName: 'address change',
    });
    expect(response.status).toBe(201);
    const body = ZUploadedDocumentSchema.parse(await response.json());
    expect(body).toMatchObject({
      mediaType: 'text/plain',
      fileName: 'address change',
      pages: null,
      textLength: 'Neue Adresse:\nHauptstraße 5\n10115 Berlin'.length,
    });
  });

  it('answers a document it cannot read with 400 and the reason, and stores nothing', async () => {
    const before = await documentCount();
    const png = await uploadFile(requester.cookie, {
      bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
      name: 'photo.png',
      type: 'image/png',
    });
    expect(png.status).toBe(400);
    expect(ZRefusalSchema.parse(await png.json()).error).toEqual({
      code: 'unsupported-type',
      message: expect.stringContaining('PNG image'),
    });
    const empty = await pasteText(requester.cookie, { text: '' });
    expect(empty.status).toBe(400);
    expect(ZRefusalSchema.parse(await empty.json()).error.code).toBe('empty');
    expect(await documentCount()).toBe(before);
  });

  it('answers 413 for a document over the size limit', async () => {
    const response = await uploadFile(requester.cookie, {
      bytes: new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(0x61),
      name: 'big.txt',
    });
    expect(response.status).toBe(413);
    expect(ZRefusalSchema.parse(await response.json()).error.code).toBe('too-large');
  });

  it('answers 400 for a body that is neither a file nor pasted text', async () => {
    const noFile = await POST(
      new Request(url, {
        method: 'POST',
        headers: { cookie: requester.cookie, origin: TEST_ORIGIN },
        body: (() => {
          const form = new FormData();
          form.set('text', 'not a file field');
          return form;
        })(),
      }),
    );
    expect(noFile.status).toBe(400);
    expect(ZRefusalSchema.parse(await noFile.json()).error.code).toBe('BAD_INPUT');
    const badJson = await pasteText(requester.cookie, { txt: 'typo' });
    expect(badJson.status).toBe(400);
  });

  it('answers 401 without a session, 403 for a reviewer and for another origin', async () => {
    const file = { bytes: new TextEncoder().encode(`hello ${Date.now()}`), name: 'hello.txt' };
    const before = await documentCount();
    const anonymous = await uploadFile(null, file);
    expect(anonymous.status).toBe(401);
    expect(ZRefusalSchema.parse(await anonymous.json()).error.code).toBe('UNAUTHORIZED');
    const wrongRole = await uploadFile(reviewer.cookie, file);
    expect(wrongRole.status).toBe(403);
    expect(ZRefusalSchema.parse(await wrongRole.json()).error.message).toContain('reviewer');
    const crossSite = await uploadFile(requester.cookie, file, {
      origin: 'https://evil.example.com',
    });
    expect(crossSite.status).toBe(403);
    expect(await documentCount()).toBe(before);
  });
});
