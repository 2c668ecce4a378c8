// Signing in for tests: real users with passwords, signed in through the app's own auth route
// (better-auth), so a request carries a real session cookie.
import type pg from 'pg';
import { POST } from '../../app/api/auth/[...all]/route.ts';
import type { TRole } from '../../server/auth/roles.ts';
import { createUser } from '../../server/auth/users.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
/** The origin the app believes it serves in tests. */
export const TEST_ORIGIN = 'http://localhost:3000';

let counter = 0;

/** A new user with this role; returns their id and email. */
export async function testUser(pool: pg.Pool, role: TRole, name = `Test ${role}`) {
  counter += 1;
  const email = `${role}.${counter}.${Date.now()}@example.com`;
  const id = await createUser(pool, { email, name, role, password: TEST_PASSWORD });
  return { id, email };
}

/** Signs in through the auth route; the response (status, set-cookie) as it came. */
export function signIn(
  email: string,
  password = TEST_PASSWORD,
  headers: Record<string, string> = {},
) {
  return POST(
    new Request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TEST_ORIGIN, ...headers },
      body: JSON.stringify({ email, password }),
    }),
  );
}

/** The Cookie header of a signed-in session of a new user with this role. */
export async function sessionCookie(pool: pg.Pool, role: TRole) {
  const user = await testUser(pool, role);
  const response = await signIn(user.email);
  if (response.status !== 200)
    throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  return { ...user, cookie: cookies.join('; ') };
}
