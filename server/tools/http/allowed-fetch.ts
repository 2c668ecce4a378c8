/**
 * `fetch` restricted to an allow-list of hosts and a response size: the `fetch` tools receive
 * (ToolClients.fetch). Every hop of a redirect is checked again; bodies are streamed and counted.
 */
import { HostNotAllowedError, ResponseTooLargeError } from './errors.ts';

export interface AllowedFetchOptions {
  /** `host` (its scheme's default port only) or `host:port`, as STEWARD_HTTP_ALLOWED_HOSTS. */
  allowedHosts: readonly string[];
  /** The largest response body read, in bytes. */
  maxBytes: number;
  /** The fetch that does the work; the global one by default. */
  fetchImpl?: typeof fetch;
  /** Redirect hops followed (each to an allowed host) before giving up; 5 by default. */
  maxRedirects?: number;
}

const ALLOWED_VARIABLE = 'STEWARD_HTTP_ALLOWED_HOSTS';
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Throws HostNotAllowedError unless the URL is http(s), without credentials, to an allowed host. */
export function assertUrlAllowed(url: URL, allowedHosts: readonly string[]): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HostNotAllowedError(
      `Refused ${url.protocol} URL: the HTTP tools only speak http and https.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new HostNotAllowedError(
      `Refused a URL to ${url.host} with credentials in it (user:password@); pass them in a header.`,
    );
  }
  const hostname = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const allowed = allowedHosts.some(
    (entry) => entry === `${hostname}:${port}` || (entry === hostname && url.port === ''),
  );
  if (!allowed) {
    const host = `${hostname}:${port}`;
    const list = allowedHosts.length > 0 ? allowedHosts.join(',') : 'empty';
    throw new HostNotAllowedError(
      `Refused a request to ${host}: it is not in ${ALLOWED_VARIABLE} (now ${list}). ` +
        `Add "${host}" to ${ALLOWED_VARIABLE} to allow it.`,
    );
  }
}

function requestUrl(input: string | URL | Request): URL {
  const text = input instanceof Request ? input.url : String(input);
  if (!URL.canParse(text)) throw new HostNotAllowedError(`Refused "${text}": not a valid URL.`);
  return new URL(text);
}

/** Reads at most maxBytes of the body, cancelling it (ResponseTooLargeError) past that. */
async function readLimited(
  response: Response,
  url: URL,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new ResponseTooLargeError(
      `The response from ${url.host} is larger than ${maxBytes} bytes (STEWARD_HTTP_MAX_BYTES).`,
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The next request of a redirect, or undefined when it is not one this fetch follows. */
function nextHop(request: Request, response: Response): Request | undefined {
  const location = response.headers.get('location');
  if (!REDIRECT_STATUSES.has(response.status) || location === null) return undefined;
  const target = new URL(location, request.url);
  const headers = new Headers(request.headers);
  // As browsers do: credentials are not carried to another origin.
  if (target.origin !== new URL(request.url).origin) {
    headers.delete('authorization');
    headers.delete('cookie');
  }
  const toGet =
    response.status === 303 ||
    ((response.status === 301 || response.status === 302) && request.method === 'POST');
  if (toGet) {
    return new Request(target, { method: 'GET', headers, signal: request.signal });
  }
  // A 307/308 repeats the method and body; a body already sent cannot be sent again.
  if (request.body !== null) return undefined;
  return new Request(target, { method: request.method, headers, signal: request.signal });
}

/**
 * A `fetch` that refuses (HostNotAllowedError, before sending anything) URLs that are not
 * http(s), carry credentials, or go to a host not on the list, including any redirect hop; and
 * refuses (ResponseTooLargeError) bodies over maxBytes. The Response it returns holds the
 * buffered body.
 */
export function createAllowedFetch(options: AllowedFetchOptions): typeof fetch {
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const maxRedirects = options.maxRedirects ?? 5;
  return async (input, init) => {
    assertUrlAllowed(requestUrl(input), options.allowedHosts);
    let request = new Request(input, init);
    for (let hop = 0; ; hop++) {
      const url = new URL(request.url);
      assertUrlAllowed(url, options.allowedHosts);
      const response = await fetchImpl(request, { redirect: 'manual' });
      const next = nextHop(request, response);
      if (next && hop < maxRedirects) {
        await response.body?.cancel();
        assertUrlAllowed(new URL(next.url), options.allowedHosts);
        request = next;
        continue;
      }
      const bytes = await readLimited(response, url, options.maxBytes);
      const body = NULL_BODY_STATUSES.has(response.status) ? null : bytes;
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
  };
}
