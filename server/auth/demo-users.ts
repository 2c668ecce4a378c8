/**
 * Demo users for the embedded default: one per role, so a newcomer can sign in as each. Their
 * passwords are random per machine and kept in STEWARD_DATA_DIR/demo-users.json (readable by the
 * owner only). Never made for a database given by DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { z } from 'zod';
import { ROLES, type TRole } from './roles.ts';
import { createUser } from './users.ts';

const ZDemoUsers = z.array(
  z.object({ role: z.enum(ROLES), email: z.string(), password: z.string() }),
);
export type TDemoUser = z.infer<typeof ZDemoUsers>[number];

const NAMES: Record<TRole, string> = {
  requester: 'Rita Requester',
  reviewer: 'Rob Reviewer',
  operations: 'Olga Operations',
  admin: 'Ada Admin',
};

/** The demo users, created (with their file) if missing; returns their credentials. */
export async function ensureDemoUsers(pool: pg.Pool, dataDir: string): Promise<TDemoUser[]> {
  const file = path.resolve(dataDir, 'demo-users.json');
  let users: TDemoUser[];
  try {
    users = ZDemoUsers.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    users = ROLES.map((role) => ({
      role,
      email: `${role}@steward.local`,
      password: randomBytes(12).toString('base64url'),
    }));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
  }
  for (const user of users) {
    const { rows } = await pool.query('SELECT 1 FROM users WHERE email = $1', [user.email]);
    if (rows.length === 0) {
      await createUser(pool, {
        email: user.email,
        name: NAMES[user.role],
        role: user.role,
        password: user.password,
      });
    }
  }
  return users;
}
