/**
 * The app's authentication: one better-auth instance per server process, and the signed-in user
 * of a request.
 */
import { getEnginePool } from '../engine/pool.ts';
import { parseServerEnv } from '../env.ts';
import { SetupError } from '../setup-error.ts';
import { createAuth, type StewardAuth } from './auth.ts';
import { type SessionUser, ZRoleSchema } from './roles.ts';

export type { SessionUser, TRole } from './roles.ts';

const globalForAuth = globalThis as typeof globalThis & { stewardAuth?: StewardAuth };

/** The process's better-auth instance, configured from the environment. */
export function getAuth(): StewardAuth {
  if (!globalForAuth.stewardAuth) {
    const env = parseServerEnv();
    if (!env.BETTER_AUTH_SECRET) {
      throw new SetupError(
        'Invalid environment:\n  BETTER_AUTH_SECRET: not set. Start the app with `npm run dev` or `npm start`, which provide one.',
      );
    }
    globalForAuth.stewardAuth = createAuth({
      pool: getEnginePool(),
      secret: env.BETTER_AUTH_SECRET,
      baseURL: env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`,
      production: env.NODE_ENV === 'production',
    });
  }
  return globalForAuth.stewardAuth;
}

/** The signed-in user of a request with these headers, or null. */
export async function getSessionUser(
  headers: Headers,
  auth: StewardAuth = getAuth(),
): Promise<SessionUser | null> {
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const role = ZRoleSchema.safeParse(session.user.role);
  if (!role.success) return null;
  return {
    id: session.user.id,
    email: session.user.email,
    name: session.user.name,
    role: role.data,
  };
}
