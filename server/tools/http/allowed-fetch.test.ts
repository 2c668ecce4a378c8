import { afterEach, describe, expect, it } from 'vitest';
import { NonRetriableError } from '../../engine/errors.ts';
import { parseEnv } from '../../env.ts';
import { createAllowedFetch } from './allowed-fetch.ts';
import { HostNotAllowedError, ResponseTooLargeError } from './errors.ts';
import { fetchFromEnv } from './index.ts';
import { sendJson, startTestServer, type TestServer } from './test-server.ts';

const servers: TestServer[] = [];
async function server(...args: Parameters<typeof startTestServer>): Promise<TestServer> {
  const started = await startTestServer(...args);
  servers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('createAllowedFetch', () => {
  it('fetches from a host on the list and returns the buffered body', async () => {
    const api = await server((_, response) => sendJson(response, 200, { ok: true }));
    const allowedFetch = createAllowedFetch({ allowedHosts: [api.host], maxBytes: 1024 });
    const response = await allowedFetch(`${api.origin}/things?x=1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(api.requests.map((r) => r.url)).toEqual(['/things?x=1']);
  });

  it('refuses a host not on the list before sending anything, naming host and variable', async () => {
    const api = await server((_, response) => sendJson(response, 200, {}));
    const allowedFetch = createAllowedFetch({ allowedHosts: ['127.0.0.1:1'], maxBytes: 1024 });
    const attempt = allowedFetch(`${api.origin}/`);
    await expect(attempt).rejects.toThrow(HostNotAllowedError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`127\\.0\\.0\\.1:${api.port}.*STEWARD_HTTP_ALLOWED_HOSTS`),
    );
    await expect(attempt).rejects.toBeInstanceOf(NonRetriableError);
    expect(api.requests).toHaveLength(0);
  });

  it('allows a host listed without a port only on its default port', async () => {
    const api = await server((_, response) => sendJson(response, 200, {}));
    const allowedFetch = createAllowedFetch({ allowedHosts: ['127.0.0.1'], maxBytes: 1024 });
    await expect(allowedFetch(`${api.origin}/`)).rejects.toThrow(HostNotAllowedError);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses schemes other than http and https, and URLs with credentials', async () => {
    const api = await server((_, response) => sendJson(response, 200, {}));
    const allowedFetch = createAllowedFetch({ allowedHosts: [api.host], maxBytes: 1024 });
    await expect(allowedFetch('file:///etc/passwd')).rejects.toThrow(/only speak http and https/);
    await expect(allowedFetch(`ftp://${api.host}/`)).rejects.toThrow(HostNotAllowedError);
    await expect(allowedFetch(`http://user:secret@${api.host}/`)).rejects.toThrow(/credentials/);
    await expect(allowedFetch('not a url')).rejects.toThrow(HostNotAllowedError);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses a redirect to a host not on the list, without requesting it', async () => {
    const elsewhere = await server((_, response) => sendJson(response, 200, { secret: 1 }));
    const api = await server((_, response) => {
      response.writeHead(302, { location: `http://localhost:${elsewhere.port}/steal` });
      response.end();
    });
    const allowedFetch = createAllowedFetch({ allowedHosts: [api.host], maxBytes: 1024 });
    await expect(allowedFetch(`${api.origin}/start`)).rejects.toThrow(
      new RegExp(`localhost:${elsewhere.port}`),
    );
    expect(api.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('follows a redirect to an allowed host', async () => {
    const target = await server((_, response) => sendJson(response, 200, { moved: true }));
    const api = await server((_, response) => {
      response.writeHead(301, { location: `${target.origin}/new` });
      response.end();
    });
    const allowedFetch = createAllowedFetch({
      allowedHosts: [api.host, target.host],
      maxBytes: 1024,
    });
    const response = await allowedFetch(`${api.origin}/old`);
    expect(await response.json()).toEqual({ moved: true });
    expect(target.requests.map((r) => r.url)).toEqual(['/new']);
  });

  it('refuses a body over maxBytes, declared or streamed', async () => {
    const big = 'x'.repeat(5000);
    const declared = await server((_, response) => {
      response.writeHead(200, { 'content-length': String(big.length) });
      response.end(big);
    });
    const streamed = await server((_, response) => {
      response.writeHead(200);
      for (let i = 0; i < 50; i++) response.write('y'.repeat(100));
      response.end();
    });
    const allowedFetch = createAllowedFetch({
      allowedHosts: [declared.host, streamed.host],
      maxBytes: 1000,
    });
    await expect(allowedFetch(`${declared.origin}/`)).rejects.toThrow(ResponseTooLargeError);
    const attempt = allowedFetch(`${streamed.origin}/`);
    await expect(attempt).rejects.toThrow(ResponseTooLargeError);
    await expect(attempt).rejects.toThrow(/larger than 1000 bytes.*STEWARD_HTTP_MAX_BYTES/);
  });

  it('does not carry Authorization to another origin on a redirect', async () => {
    const target = await server((_, response) => sendJson(response, 200, {}));
    const api = await server((_, response) => {
      response.writeHead(302, { location: `${target.origin}/next` });
      response.end();
    });
    const allowedFetch = createAllowedFetch({
      allowedHosts: [api.host, target.host],
      maxBytes: 1024,
    });
    await allowedFetch(`${api.origin}/`, {
      headers: { authorization: 'Bearer t', 'x-trace': '1' },
    });
    expect(api.requests[0]?.headers.authorization).toBe('Bearer t');
    expect(target.requests[0]?.headers.authorization).toBeUndefined();
    expect(target.requests[0]?.headers['x-trace']).toBe('1');
  });
});

describe('fetchFromEnv', () => {
  it('takes the allow-list and the size limit from the environment', async () => {
    const api = await server((_, response) => sendJson(response, 200, { n: 'x'.repeat(50) }));
    const env = parseEnv({ STEWARD_HTTP_ALLOWED_HOSTS: ` ${api.host.toUpperCase()} , other:1,` });
    expect(env.STEWARD_HTTP_ALLOWED_HOSTS).toEqual([api.host, 'other:1']);
    expect(env.STEWARD_HTTP_MAX_BYTES).toBe(1024 * 1024);
    expect(parseEnv({}).STEWARD_HTTP_ALLOWED_HOSTS).toEqual([]);
    expect((await fetchFromEnv(env)(`${api.origin}/`)).status).toBe(200);
    const small = parseEnv({ STEWARD_HTTP_ALLOWED_HOSTS: api.host, STEWARD_HTTP_MAX_BYTES: '10' });
    await expect(fetchFromEnv(small)(`${api.origin}/`)).rejects.toThrow(ResponseTooLargeError);
    expect(() => parseEnv({ STEWARD_HTTP_MAX_BYTES: 'lots' })).toThrow(/STEWARD_HTTP_MAX_BYTES/);
  });
});
