/**
 * Documents in PostgreSQL: stored once per content (the sha256 of the bytes), with the text
 * extracted from them, and linked to the runs they were handed to. Every function takes the
 * database handle first, so it runs inside a caller's transaction as well as on a pool.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../app-error.ts';
import type { Queryable } from '../engine/store.ts';
import { extractDocumentText } from './extract-text.ts';
import {
  DOCUMENT_MEDIA_TYPES,
  DocumentError,
  type StoredDocument,
  ZDocumentMeta,
  ZDocumentSegment,
} from './types.ts';

/** What a requester sees when a run's input names a document that was never uploaded. */
export const NO_SUCH_DOCUMENT_MESSAGE = 'No document with this id; upload it first.';

/** Every column but the bytes (`content`): readers never need them, and they may be megabytes. */
const DOCUMENT_COLUMNS = `d.id, d.content_hash, d.media_type, d.file_name, d.size_bytes, d.text,
  d.segments, d.meta, d.uploaded_by_id, d.created_at`;

const ZDocumentRowSchema = z.object({
  id: z.string(),
  content_hash: z.string(),
  media_type: z.enum(DOCUMENT_MEDIA_TYPES),
  file_name: z.string().nullable(),
  size_bytes: z.number().int(),
  text: z.string(),
  segments: z.array(ZDocumentSegment),
  meta: ZDocumentMeta.nullable(),
  uploaded_by_id: z.string().nullable(),
  created_at: z.date(),
});

const ZUuidSchema = z.uuid();

function toStoredDocument(row: unknown): StoredDocument {
  const parsed = ZDocumentRowSchema.parse(row);
  return {
    id: parsed.id,
    contentHash: parsed.content_hash,
    mediaType: parsed.media_type,
    fileName: parsed.file_name,
    sizeBytes: parsed.size_bytes,
    text: parsed.text,
    segments: parsed.segments,
    meta: parsed.meta,
    uploadedById: parsed.uploaded_by_id,
    createdAt: parsed.created_at.toISOString(),
  };
}

async function findByHash(db: Queryable, contentHash: string): Promise<StoredDocument | null> {
  const { rows } = await db.query(
    `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE d.content_hash = $1`,
    [contentHash],
  );
  return rows[0] === undefined ? null : toStoredDocument(rows[0]);
}

/** The last part of a path a browser or the CLI sent, without folders, at most 255 characters. */
function cleanFileName(fileName: string | null | undefined): string | null {
  const base = (fileName ?? '').split(/[\\/]/).pop()?.trim() ?? '';
  return base === '' ? null : base.slice(0, 255);
}

/**
 * Stores a document once: bytes already stored (the same sha256) give the stored document
 * (`created: false`, nothing extracted or written again, the first file name kept); new bytes
 * are read (extractDocumentText: a DocumentError refuses them, nothing written) and inserted.
 * Two uploads of the same bytes at once both end with the one row.
 */
export async function storeDocument(
  db: Queryable,
  params: {
    bytes: Uint8Array;
    fileName?: string | null;
    mediaType?: string | null;
    uploadedById: string | null;
  },
): Promise<StoredDocument & { created: boolean }> {
  const contentHash = createHash('sha256').update(params.bytes).digest('hex');
  const existing = await findByHash(db, contentHash);
  if (existing) return { ...existing, created: false };

  const fileName = cleanFileName(params.fileName);
  const extracted = await extractDocumentText(params.bytes, {
    fileName,
    mediaType: params.mediaType ?? null,
  });
  const { rows } = await db.query(
    `INSERT INTO documents (content_hash, media_type, file_name, size_bytes, content, text, segments, meta, uploaded_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)
     ON CONFLICT (content_hash) DO NOTHING RETURNING id`,
    [
      contentHash,
      extracted.mediaType,
      fileName,
      params.bytes.byteLength,
      Buffer.from(params.bytes.buffer, params.bytes.byteOffset, params.bytes.byteLength),
      extracted.text,
      JSON.stringify(extracted.segments),
      extracted.meta === null ? null : JSON.stringify(extracted.meta),
      params.uploadedById,
    ],
  );
  const stored = await findByHash(db, contentHash);
  if (!stored) throw new Error(`document ${contentHash} vanished right after it was stored`);
  return { ...stored, created: rows.length === 1 };
}

/** A stored document by id; DocumentError `not-found` when there is none (or the id is no uuid). */
export async function getDocument(db: Queryable, id: string): Promise<StoredDocument> {
  const notFound = new DocumentError('not-found', `There is no document ${id}.`);
  if (!ZUuidSchema.safeParse(id).success) throw notFound;
  const { rows } = await db.query(`SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE d.id = $1`, [
    id,
  ]);
  if (rows[0] === undefined) throw notFound;
  return toStoredDocument(rows[0]);
}

/** The documents a run was given, in the order they were attached. */
export async function documentsOfRun(db: Queryable, runId: string): Promise<StoredDocument[]> {
  if (!ZUuidSchema.safeParse(runId).success) return [];
  const { rows } = await db.query(
    `SELECT ${DOCUMENT_COLUMNS} FROM run_documents rd JOIN documents d ON d.id = rd.document_id
     WHERE rd.run_id = $1 ORDER BY rd.created_at, d.created_at, d.id`,
    [runId],
  );
  return rows.map(toStoredDocument);
}

/**
 * Links a document to a run (again: nothing changes). DocumentError `not-found` when there is no
 * such document; the run must exist (its foreign key says so).
 */
export async function attachDocument(
  db: Queryable,
  runId: string,
  documentId: string,
): Promise<void> {
  if (!ZUuidSchema.safeParse(documentId).success) {
    throw new DocumentError('not-found', `There is no document ${documentId}.`);
  }
  const { rows } = await db.query(
    `WITH doc AS (SELECT id FROM documents WHERE id = $2),
       linked AS (
         INSERT INTO run_documents (run_id, document_id) SELECT $1, id FROM doc
         ON CONFLICT DO NOTHING
       )
     SELECT EXISTS (SELECT 1 FROM doc) AS found`,
    [runId, documentId],
  );
  if (!z.object({ found: z.boolean() }).parse(rows[0]).found) {
    throw new DocumentError('not-found', `There is no document ${documentId}.`);
  }
}

/** Gives a new run (a replay) every document of the run it came from. */
export async function carryRunDocuments(
  db: Queryable,
  fromRunId: string,
  toRunId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO run_documents (run_id, document_id)
     SELECT $2, document_id FROM run_documents WHERE run_id = $1 ORDER BY created_at
     ON CONFLICT DO NOTHING`,
    [fromRunId, toRunId],
  );
}

/** The `documentId` a workflow's input names (workflows that take a document have one), if any. */
export function inputDocumentId(input: unknown): string | undefined {
  const parsed = z.object({ documentId: z.string() }).safeParse(input);
  return parsed.success ? parsed.data.documentId : undefined;
}

/**
 * A BAD_INPUT refusal of a run's `documentId`, worded and shaped like the workflow schema's own
 * (parseWorkflowInput): the message names the field, and the zod cause gives forms the field.
 */
export function documentIdInputError(workflowId: string, message: string): AppError {
  const cause = z
    .unknown()
    .superRefine((_, context) => {
      context.addIssue({ code: 'custom', message, path: ['documentId'] });
    })
    .safeParse(null).error;
  return new AppError(
    'BAD_INPUT',
    `The input for ${workflowId} is not valid: documentId: ${message}`,
    { cause },
  );
}

/**
 * Checks, inside the caller's transaction, that the document a run's input names exists (and
 * keeps it from being deleted until the transaction ends); BAD_INPUT on `documentId` otherwise.
 */
export async function requireInputDocument(
  db: Queryable,
  workflowId: string,
  documentId: string,
): Promise<void> {
  const found =
    ZUuidSchema.safeParse(documentId).success &&
    (await db.query('SELECT 1 FROM documents WHERE id = $1 FOR KEY SHARE', [documentId])).rows
      .length > 0;
  if (!found) throw documentIdInputError(workflowId, NO_SUCH_DOCUMENT_MESSAGE);
}
