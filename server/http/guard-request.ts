/**
 * What every state-changing request to the app's API must satisfy before any handler sees it:
 * it comes from the app's own pages (same origin), and its body is not larger than the endpoint
 * accepts. A refused request gets a JSON error and changes nothing.
 */

/** The origins a request may come from: the app's configured one, and the one it was sent to. */
function ownOrigins(request: Request, configured: string | undefined): Set<string> {
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  const protocol = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
  const origins = new Set([`${protocol}://${host}`]);
  if (configured) origins.add(new URL(configured).origin);
  // On a developer's machine localhost and 127.0.0.1 are the same app.
  for (const origin of [...origins]) {
    const url = new URL(origin);
    if (url.hostname === 'localhost' || url.hostname === '127.0.0.1') {
      for (const alias of ['localhost', '127.0.0.1']) {
        origins.add(`${url.protocol}//${alias}${url.port ? `:${url.port}` : ''}`);
      }
    }
  }
  return origins;
}

function refuse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The request, ready for its handler (its body read, within `maxBytes`), or the response that
 * refuses it: 403 for a state change from another origin (or with no Origin and no
 * `Sec-Fetch-Site: same-origin`), 413 for a body over the limit.
 */
export async function guardRequest(
  request: Request,
  options: { maxBytes: number; origin?: string | undefined },
): Promise<Request | Response> {
  if (SAFE_METHODS.has(request.method)) return request;
  const origin = request.headers.get('origin');
  const fetchSite = request.headers.get('sec-fetch-site');
  const isSameOrigin = origin
    ? ownOrigins(request, options.origin).has(origin)
    : fetchSite === 'same-origin';
  if (!isSameOrigin) {
    return refuse(
      403,
      'FORBIDDEN',
      "Changes are only accepted from Steward's own pages (same origin).",
    );
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  const tooLarge = () =>
    refuse(413, 'PAYLOAD_TOO_LARGE', `The request body is over ${options.maxBytes} bytes.`);
  if (declared > options.maxBytes) return tooLarge();
  if (!request.body) return request;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > options.maxBytes) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: Buffer.concat(chunks),
    signal: request.signal,
  });
}

/** Body limits per endpoint: the API carries batches of decisions, sign-in a form. */
export const BODY_LIMITS = { trpc: 1024 * 1024, auth: 16 * 1024 } as const;
