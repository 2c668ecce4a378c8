import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/server/auth';
import { parseServerEnv } from '@/server/env';
import { BODY_LIMITS, guardRequest } from '@/server/http/guard-request';

export const dynamic = 'force-dynamic';

/**
 * better-auth's endpoints (sign-in, sign-out, session) on the app's auth instance, behind the
 * same-origin check and a small body limit.
 */
async function handler(request: Request): Promise<Response> {
  const guarded = await guardRequest(request, {
    maxBytes: BODY_LIMITS.auth,
    origin: parseServerEnv().BETTER_AUTH_URL,
  });
  if (guarded instanceof Response) return guarded;
  const { GET, POST } = toNextJsHandler(getAuth());
  return guarded.method === 'GET' ? GET(guarded) : POST(guarded);
}

export { handler as GET, handler as POST };
