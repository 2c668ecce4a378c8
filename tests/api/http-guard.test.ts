// The API's request hygiene, through the real route handlers: state changes only from the app's
// own origin, bodies within their limits, nothing at all without a session.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { POST as authPost } from '../../app/api/auth/[...all]/route.ts';
import { GET, POST } from '../../app/api/trpc/[trpc]/route.ts';
import { sessionCookie, TEST_ORIGIN } from '../support/auth.ts';
import { testDatabaseUrl } from '../support/database.ts';

const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
// An idle connection is cut when the file's database is dropped: nothing to report.
pool.on('error', () => {});
afterAll(() => pool.end());

const url = `${TEST_ORIGIN}/api/trpc/run.find`;

describe('the API', () => {
  it('refuses a POST from another origin before any handler runs', async () => {
    const { cookie } = await sessionCookie(pool, 'operations');
    const response = await POST(
      new Request(url, {
        method: 'POST',
        headers: { cookie, origin: 'https://evil.example.com', 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('refuses a POST that names no origin unless the browser says it is same-origin', async () => {
    const bare = await POST(new Request(url, { method: 'POST', body: '{}' }));
    expect(bare.status).toBe(403);
    const sameSite = await POST(
      new Request(url, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin' },
        body: '{}',
      }),
    );
    expect(sameSite.status).not.toBe(403);
  });

  it('refuses a body over the limit, declared or streamed', async () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    const declared = await POST(
      new Request(url, { method: 'POST', headers: { origin: TEST_ORIGIN }, body: big }),
    );
    expect(declared.status).toBe(413);
    const signIn = await authPost(
      new Request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { origin: TEST_ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(20_000) }),
      }),
    );
    expect(signIn.status).toBe(413);
  });

  it('answers a query only with a session', async () => {
    expect(
      (await GET(new Request(`${url}?input=${encodeURIComponent('{"json":{}}')}`))).status,
    ).toBe(401);
    const { cookie } = await sessionCookie(pool, 'operations');
    const response = await GET(
      new Request(`${url}?input=${encodeURIComponent('{"json":{}}')}`, { headers: { cookie } }),
    );
    expect(response.status).toBe(200);
  });
});
