import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testDatabaseUrl } from '../../../tests/support/database.ts';
import { NonRetriableError } from '../../engine/errors.ts';
import type { ToolClients } from '../define-tool.ts';
import { ContractError, ToolTimeoutError } from '../errors.ts';
import { createToolRegistry, executeTool, renderCatalogue } from '../registry.ts';
import { createAllowedFetch } from './allowed-fetch.ts';
import { defineHttpJsonTool } from './define-http-json-tool.ts';
import {
  HostNotAllowedError,
  HttpClientError,
  HttpServerError,
  NotJsonError,
  ResponseTooLargeError,
} from './errors.ts';
import { httpTools } from './index.ts';
import { sendJson, startTestServer, type TestServer } from './test-server.ts';

const db = new pg.Pool({ connectionString: testDatabaseUrl });
afterAll(() => db.end());

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setUp(handler: Parameters<typeof startTestServer>[0], maxBytes = 4096) {
  const api = await startTestServer(handler);
  servers.push(api);
  const clients: ToolClients = {
    db,
    fetch: createAllowedFetch({ allowedHosts: [api.host], maxBytes }),
  };
  return { api, clients };
}

const registry = createToolRegistry(httpTools);
const key = 'run-1:step-1';

describe('http.get-json', () => {
  it('returns the status and the parsed JSON body', async () => {
    const { api, clients } = await setUp((_, response) => sendJson(response, 200, { id: 7 }));
    const result = await executeTool(
      registry,
      'http.get-json',
      { url: `${api.origin}/orders/7`, headers: { authorization: 'Bearer t' } },
      { clients, idempotencyKey: key },
    );
    expect(result).toEqual({ status: 200, body: { id: 7 } });
    expect(api.requests[0]?.method).toBe('GET');
    expect(api.requests[0]?.headers.authorization).toBe('Bearer t');
    expect(api.requests[0]?.headers.accept).toBe('application/json');
  });

  it('refuses bad input, naming the field', async () => {
    const { clients } = await setUp((_, response) => sendJson(response, 200, {}));
    await expect(
      executeTool(registry, 'http.get-json', { url: 12 }, { clients, idempotencyKey: key }),
    ).rejects.toThrow(/url/);
  });

  it('refuses a host not on the list without requesting it', async () => {
    const { api } = await setUp((_, response) => sendJson(response, 200, {}));
    const clients: ToolClients = {
      db,
      fetch: createAllowedFetch({ allowedHosts: [], maxBytes: 4096 }),
    };
    await expect(
      executeTool(registry, 'http.get-json', { url: api.origin }, { clients, idempotencyKey: key }),
    ).rejects.toThrow(HostNotAllowedError);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses a body that is not JSON, and one that is too large', async () => {
    const { api, clients } = await setUp((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(request.url === '/big' ? 'x'.repeat(100) : '<html>hi</html>');
    }, 50);
    const run = (path: string) =>
      executeTool(
        registry,
        'http.get-json',
        { url: `${api.origin}${path}` },
        { clients, idempotencyKey: key },
      );
    await expect(run('/page')).rejects.toThrow(NotJsonError);
    await expect(run('/page')).rejects.toThrow(/not JSON \(text\/html\)/);
    await expect(run('/big')).rejects.toThrow(ResponseTooLargeError);
  });

  it('fails a 4xx for good naming status and host; a 5xx is retriable', async () => {
    const { api, clients } = await setUp((request, response) =>
      sendJson(response, request.url === '/missing' ? 404 : 503, { error: 'nope' }),
    );
    const run = (path: string) =>
      executeTool(
        registry,
        'http.get-json',
        { url: `${api.origin}${path}` },
        { clients, idempotencyKey: key },
      );
    const clientError = await run('/missing').catch((error: unknown) => error);
    expect(clientError).toBeInstanceOf(HttpClientError);
    expect(clientError).toBeInstanceOf(NonRetriableError);
    expect(clientError).toMatchObject({ status: 404 });
    expect(String(clientError)).toContain(`${api.host}/missing answered 404`);
    const serverError = await run('/down').catch((error: unknown) => error);
    expect(serverError).toBeInstanceOf(HttpServerError);
    expect(serverError).not.toBeInstanceOf(NonRetriableError);
    expect(serverError).toMatchObject({ status: 503 });
  });
});

describe('http.post-json', () => {
  it('sends the JSON body and the idempotency key as Idempotency-Key', async () => {
    const { api, clients } = await setUp((request, response) =>
      sendJson(response, 201, { received: JSON.parse(request.body) }),
    );
    const result = await executeTool(
      registry,
      'http.post-json',
      { url: `${api.origin}/tickets`, body: { title: 'Broken', tags: ['a'] } },
      { clients, idempotencyKey: key },
    );
    expect(result).toEqual({ status: 201, body: { received: { title: 'Broken', tags: ['a'] } } });
    const seen = api.requests[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.headers['idempotency-key']).toBe(key);
    expect(seen?.headers['content-type']).toBe('application/json');
  });

  it('is declared external and idempotent (through the Idempotency-Key header)', () => {
    const [entry] = renderCatalogue(registry, ['http.post-json']);
    expect(entry).toMatchObject({ sideEffect: 'external', idempotent: true, reversible: false });
    expect(entry?.inputSchema).toMatchObject({ required: ['url', 'body'] });
  });
});

describe('defineHttpJsonTool', () => {
  const getOrder = defineHttpJsonTool({
    name: 'shop.get-order',
    description: 'Fetch one order from the shop API; returns its id and total.',
    method: 'GET',
    responseSchema: z.object({ id: z.number(), total: z.number() }),
    timeoutMs: 200,
  });
  const shop = createToolRegistry([getOrder]);

  it('holds the body to the response schema: a mismatch is a ContractError', async () => {
    const { api, clients } = await setUp((_, response) =>
      sendJson(response, 200, { id: 'x', total: 3 }),
    );
    const attempt = executeTool(
      shop,
      'shop.get-order',
      { url: `${api.origin}/o/1` },
      { clients, idempotencyKey: key },
    );
    await expect(attempt).rejects.toThrow(ContractError);
    await expect(attempt).rejects.toThrow(/body\.id/);
    const [entry] = renderCatalogue(shop);
    expect(entry?.outputSchema).toMatchObject({
      properties: { body: { required: ['id', 'total'] } },
    });
  });

  it('times out through the tool timeout against a slow server', async () => {
    const { api, clients } = await setUp((_, response) => {
      setTimeout(() => sendJson(response, 200, { id: 1, total: 2 }), 2000);
    });
    const started = Date.now();
    await expect(
      executeTool(
        shop,
        'shop.get-order',
        { url: `${api.origin}/slow` },
        { clients, idempotencyKey: key },
      ),
    ).rejects.toThrow(ToolTimeoutError);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
