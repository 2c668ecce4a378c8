import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import { parseServerEnv } from '@/server/env';
import { BODY_LIMITS, guardRequest } from '@/server/http/guard-request';

export const dynamic = 'force-dynamic';

/** tRPC over HTTP: mutations are POST only, from the app's own origin, within the body limit. */
async function handler(request: Request) {
  const req = await guardRequest(request, {
    maxBytes: BODY_LIMITS.trpc,
    origin: parseServerEnv().BETTER_AUTH_URL,
  });
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
    onError({ error, path }) {
      // Clients get a generic message for these (server/api/trpc.ts); the log keeps the cause.
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        console.error(`[trpc] ${path ?? '(unknown procedure)'} failed:`, error.cause ?? error);
      }
    },
  });
}

export { handler as GET, handler as POST };
