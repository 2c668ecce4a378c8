import { handleDocumentUpload } from '@/server/api/documents/upload-document';
import { getSessionUser } from '@/server/auth';
import { getEnginePool } from '@/server/engine/pool';
import { parseServerEnv } from '@/server/env';

export const dynamic = 'force-dynamic';

/** Uploads a document (a file, or pasted text) for a run to be given; see handleDocumentUpload. */
export function POST(request: Request): Promise<Response> {
  return handleDocumentUpload(request, {
    db: getEnginePool(),
    getUser: (headers) => getSessionUser(headers),
    origin: parseServerEnv().BETTER_AUTH_URL,
  });
}
