// Signing in through the app's auth route against the real database: sessions stored in
// PostgreSQL, cookie attributes, wrong passwords, the rate limit, the audit trail, and roles.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../server/auth/auth.ts';
import { getSessionUser } from '../../server/auth/index.ts';
import { createUser, setUserRole } from '../../server/auth/users.ts';
import { sessionCookie, signIn, TEST_ORIGIN, TEST_PASSWORD, testUser } from '../support/auth.ts';
import { testDatabaseUrl } from '../support/database.ts';

const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 4 });
// An idle connection is cut when the file's database is dropped: nothing to report.
pool.on('error', () => {});
afterAll(() => pool.end());

async function sessionsOf(userId: string) {
  const { rows } = await pool.query('SELECT token FROM auth_sessions WHERE user_id = $1', [userId]);
  return rows;
}

describe('signing in', () => {
  it('stores a session in PostgreSQL and sets an HttpOnly, SameSite cookie', async () => {
    const user = await testUser(pool, 'reviewer');
    const response = await signIn(user.email);

    expect(response.status).toBe(200);
    const [cookie] = response.headers
      .getSetCookie()
      .filter((c) => c.startsWith('steward.session_token='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(await sessionsOf(user.id)).toHaveLength(1);
    const { rows } = await pool.query(
      `SELECT actor_id, action FROM audit_events WHERE subject_type = 'user' AND subject_id = $1 ORDER BY id`,
      [user.id],
    );
    expect(rows.map((row) => row.action)).toEqual(['user.created', 'user.signed_in']);
    expect(rows[1].actor_id).toBe(user.id);
  });

  it('knows the signed-in user and their role from the cookie', async () => {
    const { cookie, id, email } = await sessionCookie(pool, 'operations');
    expect(await getSessionUser(new Headers({ cookie }))).toEqual({
      id,
      email,
      name: 'Test operations',
      role: 'operations',
    });
    expect(
      await getSessionUser(new Headers({ cookie: 'steward.session_token=forged' })),
    ).toBeNull();
  });

  it('refuses a wrong password and creates no session', async () => {
    const user = await testUser(pool, 'requester');
    const response = await signIn(user.email, 'not the password at all');
    expect(response.status).toBe(401);
    expect(await sessionsOf(user.id)).toEqual([]);
  });

  it('limits sign-in attempts per address, even with the right password after', async () => {
    const user = await testUser(pool, 'requester');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      statuses.push((await signIn(user.email, 'wrong password guess')).status);
    }
    const limited = await signIn(user.email, TEST_PASSWORD);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toMatch(/Too many sign-in attempts/);
    expect(await sessionsOf(user.id)).toEqual([]);
    // Another user is not affected.
    const other = await testUser(pool, 'requester');
    expect((await signIn(other.email)).status).toBe(200);
  });

  it('marks cookies Secure in production', async () => {
    const user = await testUser(pool, 'admin');
    const auth = createAuth({
      pool,
      secret: 'steward-test-secret-not-for-production-0123456789',
      baseURL: 'https://steward.example.com',
      production: true,
    });
    const response = await auth.handler(
      new Request('https://steward.example.com/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://steward.example.com' },
        body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    const [cookie] = response.headers.getSetCookie().filter((c) => c.includes('session_token='));
    expect(cookie).toMatch(/^__Secure-steward\.session_token=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
  });

  it('refuses a sign-in posted from another origin', async () => {
    const user = await testUser(pool, 'requester');
    const response = await signIn(user.email, TEST_PASSWORD, {
      origin: 'https://evil.example.com',
    });
    expect(response.status).toBe(403);
    expect(await sessionsOf(user.id)).toEqual([]);
    expect(TEST_ORIGIN).toBe('http://localhost:3000');
  });
});

describe('users and roles', () => {
  it('refuses a second user with the same email, and a short password, changing nothing', async () => {
    const user = await testUser(pool, 'requester');
    await expect(
      createUser(pool, {
        email: user.email.toUpperCase(),
        name: 'Again',
        role: 'admin',
        password: TEST_PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      createUser(pool, {
        email: 'short@example.com',
        name: 'Short',
        role: 'admin',
        password: 'short',
      }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'A password has at least 12 characters.',
    });
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM users WHERE email = 'short@example.com'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it("changes a role with an audit event and ends the user's sessions", async () => {
    const admin = await testUser(pool, 'admin');
    const { id, cookie } = await sessionCookie(pool, 'requester');
    expect(await setUserRole(pool, { actorId: admin.id, userId: id, role: 'reviewer' })).toEqual({
      previousRole: 'requester',
      role: 'reviewer',
    });
    expect(await getSessionUser(new Headers({ cookie }))).toBeNull();
    const { rows } = await pool.query(
      `SELECT actor_id, data FROM audit_events WHERE action = 'user.role_changed' AND subject_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ actor_id: admin.id, data: { from: 'requester', to: 'reviewer' } }]);
  });

  it('keeps the last admin an admin', async () => {
    await pool.query(`UPDATE users SET role = 'operations' WHERE role = 'admin'`);
    const admin = await testUser(pool, 'admin');
    await expect(
      setUserRole(pool, { actorId: admin.id, userId: admin.id, role: 'operations' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
