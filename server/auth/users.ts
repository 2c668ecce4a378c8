/**
 * Users and their roles: creating a user with a password, and an admin changing someone's role.
 * Each change and its audit event commit together.
 */
import { hashPassword } from 'better-auth/crypto';
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../app-error.ts';
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { withTransaction } from '../engine/transaction.ts';
import { type TRole, ZRoleSchema } from './roles.ts';

export const ZNewUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.')),
  name: z.string().trim().min(1, 'Enter a name.').max(200),
  role: ZRoleSchema,
  password: z.string().min(12, 'A password has at least 12 characters.').max(200),
});
export type TNewUser = z.input<typeof ZNewUserSchema>;

/** Creates a user who signs in with email and password; returns their id. */
export async function createUser(
  pool: pg.Pool,
  input: TNewUser,
  actorId: string | null = null,
): Promise<string> {
  const parsed = ZNewUserSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('BAD_INPUT', parsed.error.issues.map((issue) => issue.message).join(' '));
  }
  const user = parsed.data;
  const hash = await hashPassword(user.password);
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query(
      `INSERT INTO users (email, name, role, email_verified) VALUES ($1, $2, $3::"Role", true)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [user.email, user.name, user.role],
    );
    const id: unknown = rows[0]?.id;
    if (typeof id !== 'string')
      throw new AppError('CONFLICT', `There is already a user ${user.email}.`);
    await client.query(
      `INSERT INTO auth_accounts (user_id, account_id, provider_id, password) VALUES ($1, $2, 'credential', $3)`,
      [id, id, hash],
    );
    await appendAuditEvent(client, {
      actorId,
      action: 'user.created',
      subjectType: 'user',
      subjectId: id,
      data: { email: user.email, role: user.role },
    });
    return id;
  });
}

/**
 * Gives a user another role, as an admin. The last admin cannot lose the role (nobody could
 * manage users after), and the change ends the user's sessions so the new role applies at once.
 */
export async function setUserRole(
  pool: pg.Pool,
  params: { actorId: string; userId: string; role: TRole },
): Promise<{ previousRole: TRole; role: TRole }> {
  const role = ZRoleSchema.parse(params.role);
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query('SELECT role FROM users WHERE id = $1 FOR UPDATE', [
      params.userId,
    ]);
    const current = ZRoleSchema.safeParse(rows[0]?.role);
    if (!current.success) throw new AppError('NOT_FOUND', `There is no user ${params.userId}.`);
    if (current.data === role) return { previousRole: role, role };
    if (current.data === 'admin') {
      const admins = await client.query(
        `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND id <> $1`,
        [params.userId],
      );
      if (Number(admins.rows[0]?.n ?? 0) === 0) {
        throw new AppError('CONFLICT', 'This is the last admin; make someone else admin first.');
      }
    }
    await client.query('UPDATE users SET role = $2::"Role", updated_at = now() WHERE id = $1', [
      params.userId,
      role,
    ]);
    await client.query('DELETE FROM auth_sessions WHERE user_id = $1', [params.userId]);
    await appendAuditEvent(client, {
      actorId: params.actorId,
      action: 'user.role_changed',
      subjectType: 'user',
      subjectId: params.userId,
      data: { from: current.data, to: role },
    });
    return { previousRole: current.data, role };
  });
}
