/**
 * `POST /api/documents`: a requester hands Steward a document before starting a run with it
 * (the run's input then names it as `documentId`). A file arrives as multipart form data (field
 * `file`), pasted text as JSON `{ text, fileName? }`. tRPC carries JSON only, so this is a route
 * handler of its own; it keeps the API's rules all the same: same origin, a body limit, a
 * session, the roles that start workflows.
 */

import type pg from 'pg';
import { z } from 'zod';
import { GENERIC_INTERNAL_MESSAGE } from '../../app-error.ts';
import { appendAuditEvent } from '../../audit/append-audit-event.ts';
import type { SessionUser, TRole } from '../../auth/roles.ts';
import { storeDocument } from '../../documents/store.ts';
import { DocumentError, MAX_DOCUMENT_BYTES, type StoredDocument } from '../../documents/types.ts';
import { withTransaction } from '../../engine/transaction.ts';
import { guardRequest } from '../../http/guard-request.ts';

/** Who may upload: whoever may start a workflow (workflow.start). */
export const DOCUMENT_UPLOAD_ROLES = ['requester', 'operations'] as const satisfies TRole[];

/** The largest request body: the largest document, and room for the multipart envelope. */
export const DOCUMENT_UPLOAD_BODY_LIMIT = MAX_DOCUMENT_BYTES + 64 * 1024;

/** What the uploader learns about the stored document (201 when new, 200 when it was stored before). */
export const ZUploadedDocumentSchema = z.object({
  id: z.string(),
  contentHash: z.string(),
  mediaType: z.string(),
  fileName: z.string().nullable(),
  sizeBytes: z.number().int(),
  /** Pages read (of a PDF, or of an e-mail's PDF attachments); null for text and plain e-mail. */
  pages: z.number().int().nullable(),
  textLength: z.number().int(),
});
export type TUploadedDocument = z.infer<typeof ZUploadedDocumentSchema>;

/** What the handler needs from the app, passed in so tests and the route share one path. */
export interface TDocumentUploadDeps {
  db: pg.Pool;
  getUser: (headers: Headers) => Promise<SessionUser | null>;
  /** The app's configured origin (BETTER_AUTH_URL), accepted besides the request's own. */
  origin?: string | undefined;
}

const ZPastedTextSchema = z.object({
  text: z.string(),
  fileName: z.string().max(255).optional(),
});

/** One refusal in the API's shape: `{ error: { code, message } }`. */
function refuse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

const badUpload = () =>
  refuse(
    400,
    'BAD_INPUT',
    'Send a file as multipart/form-data in the field "file", or pasted text as JSON { "text": "…" }.',
  );

/** The document's bytes and what the sender said it is, or the refusal of a malformed body. */
async function readUpload(
  request: Request,
): Promise<{ bytes: Uint8Array; fileName: string | null; mediaType: string | null } | Response> {
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const form = await request.formData().catch(() => null);
    const file = form?.get('file');
    if (!(file instanceof File)) return badUpload();
    return {
      bytes: new Uint8Array(await file.arrayBuffer()),
      fileName: file.name || null,
      mediaType: file.type || null,
    };
  }
  if (contentType.startsWith('application/json')) {
    const pasted = ZPastedTextSchema.safeParse(await request.json().catch(() => null));
    if (!pasted.success) return badUpload();
    // Pasted text has no media type: an e-mail's source pasted whole is read as an e-mail.
    return {
      bytes: new TextEncoder().encode(pasted.data.text),
      fileName: pasted.data.fileName ?? null,
      mediaType: null,
    };
  }
  return badUpload();
}

/** What the uploader is told about a stored document. */
export function describeUpload(document: StoredDocument): TUploadedDocument {
  const pages = document.segments.filter((segment) => segment.kind === 'page').length;
  return {
    id: document.id,
    contentHash: document.contentHash,
    mediaType: document.mediaType,
    fileName: document.fileName,
    sizeBytes: document.sizeBytes,
    pages: pages === 0 ? null : pages,
    textLength: document.text.length,
  };
}

/**
 * Handles an upload: 403 from another origin, 413 over the body limit, 401 without a session,
 * 403 for a role that does not start workflows, 400 for a malformed body; then stores the
 * document (storeDocument) and answers 201 (new) or 200 (the same bytes were stored before)
 * with TUploadedDocument. A refused document answers `{ error: { code, message } }` with its
 * DocumentError code: 413 when it is too large, else 400.
 */
export async function handleDocumentUpload(
  request: Request,
  deps: TDocumentUploadDeps,
): Promise<Response> {
  const guarded = await guardRequest(request, {
    maxBytes: DOCUMENT_UPLOAD_BODY_LIMIT,
    origin: deps.origin,
  });
  if (guarded instanceof Response) return guarded;
  const user = await deps.getUser(guarded.headers);
  if (!user) return refuse(401, 'UNAUTHORIZED', 'Sign in first.');
  if (!(DOCUMENT_UPLOAD_ROLES as readonly TRole[]).includes(user.role)) {
    return refuse(
      403,
      'FORBIDDEN',
      `Your role (${user.role}) may not upload documents; it is for ${DOCUMENT_UPLOAD_ROLES.join(', ')}.`,
    );
  }
  const upload = await readUpload(guarded);
  if (upload instanceof Response) return upload;
  try {
    const stored = await storeDocument(deps.db, { ...upload, uploadedById: user.id });
    // Who handed over what, whether the bytes were new or stored before.
    await withTransaction(deps.db, (client) =>
      appendAuditEvent(client, {
        actorId: user.id,
        action: 'document.uploaded',
        subjectType: 'document',
        subjectId: stored.id,
        data: {
          contentHash: stored.contentHash,
          mediaType: stored.mediaType,
          fileName: stored.fileName,
          sizeBytes: stored.sizeBytes,
          storedBefore: !stored.created,
        },
      }),
    );
    return Response.json(describeUpload(stored), { status: stored.created ? 201 : 200 });
  } catch (error) {
    if (error instanceof DocumentError) {
      return refuse(error.code === 'too-large' ? 413 : 400, error.code, error.message);
    }
    console.error('[documents] upload failed:', error);
    return refuse(500, 'INTERNAL', GENERIC_INTERNAL_MESSAGE);
  }
}
