/**
 * HTTP tools that speak JSON: GET or POST to an allowed host (ToolClients.fetch enforces the
 * allow-list and the size limit), with the response body held to a zod schema that becomes part
 * of the tool's output contract.
 */
import { z } from 'zod';
import type { RetryPolicy } from '../../engine/retry.ts';
import { defineTool, type ToolDefinition } from '../define-tool.ts';
import { HttpClientError, HttpServerError, NotJsonError } from './errors.ts';

/** Any JSON value: the body schema of the generic HTTP tools. */
export const ZJsonValue = z.json();

const ZUrl = z
  .string()
  .refine((value) => URL.canParse(value), 'expected an absolute http(s) URL')
  .describe('Absolute http or https URL on an allowed host.');
const ZHeaders = z
  .record(z.string(), z.string())
  .optional()
  .describe('Extra request headers, e.g. Authorization.');

/** Input of a GET JSON tool. */
export const ZHttpGetInput = z.object({ url: ZUrl, headers: ZHeaders });
/** Input of a POST JSON tool: the body is sent as JSON. */
export const ZHttpPostInput = z.object({
  url: ZUrl,
  body: ZJsonValue.describe('The JSON body to send.'),
  headers: ZHeaders,
});
/** Parsed input of a GET JSON tool. */
export type THttpGetInput = z.infer<typeof ZHttpGetInput>;
/** Parsed input of a POST JSON tool. */
export type THttpPostInput = z.infer<typeof ZHttpPostInput>;

/** Output of an HTTP JSON tool: the status and the parsed body. */
export interface HttpJsonOutput<TBody> {
  status: number;
  body: TBody;
}

interface HttpJsonToolCommon<TBody> {
  name: string;
  description: string;
  /** What a successful response's JSON body must match; a mismatch is a ContractError. */
  responseSchema: z.ZodType<TBody>;
  /** 10 s by default. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** A GET tool: sideEffect `read`, idempotent. */
export interface HttpGetToolOptions<TBody> extends HttpJsonToolCommon<TBody> {
  method: 'GET';
}

/**
 * A POST tool: sideEffect `external`. It sends the step's idempotency key as an
 * `Idempotency-Key` header and is declared idempotent: the receiving service must honour that
 * header (as Stripe-style APIs do) for a retried step not to act twice.
 */
export interface HttpPostToolOptions<TBody> extends HttpJsonToolCommon<TBody> {
  method: 'POST';
}

/** Parses a body as JSON, or NotJsonError naming the host, status and content type. */
function parseJson(text: string, url: URL, response: Response): unknown {
  if (response.status === 204 || text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new NotJsonError(
      `${url.host} answered ${response.status} with a body that is not JSON (${type}): ` +
        `${JSON.stringify(text.slice(0, 80))}`,
    );
  }
}

/** Sends one JSON request and classifies the answer: 2xx parsed, 4xx for good, 5xx retriable. */
export async function requestJson(
  fetchFn: typeof fetch,
  request: { method: 'GET' | 'POST'; url: string; headers: Headers; body?: unknown },
  signal: AbortSignal,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(request.url);
  const response = await fetchFn(url, {
    method: request.method,
    headers: request.headers,
    body: request.method === 'POST' ? JSON.stringify(request.body) : undefined,
    signal,
  });
  const text = await response.text();
  const where = `${request.method} ${url.host}${url.pathname}`;
  if (response.status >= 500) {
    throw new HttpServerError(`${where} answered ${response.status}; will retry`, response.status);
  }
  if (response.status < 200 || response.status >= 300) {
    throw new HttpClientError(
      `${where} answered ${response.status}: ${text.slice(0, 200)}`,
      response.status,
    );
  }
  return { status: response.status, body: parseJson(text, url, response) };
}

/** Declares an HTTP JSON tool whose output contract is `{ status, body: responseSchema }`. */
export function defineHttpJsonTool<TBody>(
  options: HttpGetToolOptions<TBody>,
): ToolDefinition<THttpGetInput, HttpJsonOutput<TBody>>;
export function defineHttpJsonTool<TBody>(
  options: HttpPostToolOptions<TBody>,
): ToolDefinition<THttpPostInput, HttpJsonOutput<TBody>>;
export function defineHttpJsonTool<TBody>(
  options: HttpGetToolOptions<TBody> | HttpPostToolOptions<TBody>,
):
  | ToolDefinition<THttpGetInput, HttpJsonOutput<TBody>>
  | ToolDefinition<THttpPostInput, HttpJsonOutput<TBody>> {
  const output = z.object({ status: z.number().int(), body: options.responseSchema });
  const common = {
    name: options.name,
    description: options.description,
    output,
    reversible: false,
    idempotent: true,
    retry: options.retry,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  if (options.method === 'GET') {
    return defineTool<THttpGetInput, HttpJsonOutput<TBody>>({
      ...common,
      input: ZHttpGetInput,
      sideEffect: 'read',
      run: async (input, context) => {
        const headers = new Headers(input.headers);
        if (!headers.has('accept')) headers.set('accept', 'application/json');
        const result = await requestJson(
          context.clients.fetch,
          { method: 'GET', url: input.url, headers },
          context.signal,
        );
        // The registry holds `body` to responseSchema (ContractError when it breaks it).
        return result as HttpJsonOutput<TBody>;
      },
    });
  }
  return defineTool<THttpPostInput, HttpJsonOutput<TBody>>({
    ...common,
    input: ZHttpPostInput,
    sideEffect: 'external',
    // Nothing is read: what changes is whatever the receiving service does with the body.
    preview: async (input) => {
      const url = new URL(input.url);
      return {
        target: `${url.host}${url.pathname}`,
        changes: [{ field: 'request body', current: null, proposed: input.body }],
      };
    },
    run: async (input, context) => {
      const headers = new Headers(input.headers);
      if (!headers.has('accept')) headers.set('accept', 'application/json');
      headers.set('content-type', 'application/json');
      headers.set('idempotency-key', context.idempotencyKey);
      const result = await requestJson(
        context.clients.fetch,
        { method: 'POST', url: input.url, headers, body: input.body },
        context.signal,
      );
      return result as HttpJsonOutput<TBody>;
    },
  });
}
