import { z } from 'zod';

/** What POST /api/documents answers for a stored document (the fields the form needs). */
const ZUploadedSchema = z.object({ id: z.uuid() });
/** What it answers for a refused one. */
const ZRefusalSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * Hands a document to Steward (app/api/documents/route.ts): a file as multipart form data, or
 * pasted text as JSON. Answers the stored document's id, or the refusal's message in words.
 */
export async function uploadDocument(
  document: { file: File } | { text: string },
): Promise<{ id: string } | { error: string }> {
  let response: Response;
  try {
    if ('file' in document) {
      const body = new FormData();
      body.append('file', document.file, document.file.name);
      response = await fetch('/api/documents', { method: 'POST', body });
    } else {
      response = await fetch('/api/documents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: document.text }),
      });
    }
  } catch {
    return { error: 'The document could not be sent: is the connection down?' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const uploaded = ZUploadedSchema.safeParse(body);
    if (uploaded.success) return { id: uploaded.data.id };
  }
  const refusal = ZRefusalSchema.safeParse(body);
  return {
    error: refusal.success
      ? refusal.data.error.message
      : `The document was not accepted (HTTP ${response.status}).`,
  };
}
