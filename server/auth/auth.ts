/**
 * Authentication with better-auth: email and password, sessions stored in PostgreSQL (the
 * `users`, `auth_sessions`, `auth_accounts` and `auth_verifications` tables), HttpOnly SameSite
 * cookies (Secure in production over https), sign-up closed (admins and `npm run setup` create users),
 * sign-in rate limited per address and per IP, and every sign-in on the audit trail.
 */
import { betterAuth } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import type pg from 'pg';
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { withTransaction } from '../engine/transaction.ts';
import { consumeRateLimit } from './rate-limit.ts';

/** Sign-in attempts allowed per email address, and per client address, in `window` seconds. */
export const SIGN_IN_LIMITS = {
  perEmail: { window: 15 * 60, max: 5 },
  perIp: { window: 60, max: 30 },
};

export interface AuthSettings {
  pool: pg.Pool;
  secret: string;
  /** The app's own origin, e.g. http://localhost:3000. */
  baseURL: string;
  production: boolean;
}

const snake = <T extends string>(fields: readonly T[]) =>
  Object.fromEntries(
    fields.map((field) => [field, field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]),
  );

function clientAddress(headers: Headers | undefined): string {
  const forwarded = headers?.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || headers?.get('x-real-ip') || 'local';
}

/** The app's origin; on a developer's machine localhost and 127.0.0.1 are the same app. */
function trustedOrigins(baseURL: string): string[] {
  const url = new URL(baseURL);
  if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') return [url.origin];
  return ['localhost', '127.0.0.1'].map(
    (host) => `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`,
  );
}

/** The better-auth instance for these settings. */
export function createAuth(settings: AuthSettings) {
  const { pool } = settings;
  // Secure cookies in production, where the app is served over https; a production build tried
  // on http://localhost could not keep them.
  const secure = settings.production && settings.baseURL.startsWith('https:');
  return betterAuth({
    appName: 'Steward',
    database: pool,
    secret: settings.secret,
    baseURL: settings.baseURL,
    trustedOrigins: trustedOrigins(settings.baseURL),
    user: {
      modelName: 'users',
      fields: snake(['emailVerified', 'createdAt', 'updatedAt']),
      additionalFields: {
        role: { type: 'string', required: false, input: false, defaultValue: 'requester' },
      },
    },
    session: {
      modelName: 'auth_sessions',
      fields: snake(['expiresAt', 'createdAt', 'updatedAt', 'ipAddress', 'userAgent', 'userId']),
      expiresIn: 60 * 60 * 12,
      updateAge: 60 * 60,
    },
    account: {
      modelName: 'auth_accounts',
      fields: snake([
        'accountId',
        'providerId',
        'userId',
        'accessToken',
        'refreshToken',
        'idToken',
        'accessTokenExpiresAt',
        'refreshTokenExpiresAt',
        'createdAt',
        'updatedAt',
      ]),
    },
    verification: {
      modelName: 'auth_verifications',
      fields: snake(['expiresAt', 'createdAt', 'updatedAt']),
    },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12 },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 100,
      // Sign-in has its own limits, per address and per client (hooks below).
      customRules: { '/sign-in/email': false },
      customStorage: { consume: (key, rule) => consumeRateLimit(pool, `auth:${key}`, rule) },
    },
    advanced: {
      database: { generateId: 'uuid' },
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure },
      cookiePrefix: 'steward',
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email') return;
        const email =
          typeof ctx.body?.email === 'string' ? ctx.body.email.trim().toLowerCase() : '';
        for (const [key, rule] of [
          [`sign-in:email:${email}`, SIGN_IN_LIMITS.perEmail],
          [`sign-in:ip:${clientAddress(ctx.headers)}`, SIGN_IN_LIMITS.perIp],
        ] as const) {
          const verdict = await consumeRateLimit(pool, key, rule);
          if (!verdict.allowed) {
            throw new APIError('TOO_MANY_REQUESTS', {
              message: `Too many sign-in attempts. Try again in ${verdict.retryAfter} seconds.`,
            });
          }
        }
      }),
    },
    databaseHooks: {
      session: {
        create: {
          after: async (session) => {
            await withTransaction(pool, (client) =>
              appendAuditEvent(client, {
                actorId: session.userId,
                action: 'user.signed_in',
                subjectType: 'user',
                subjectId: session.userId,
                data: {
                  ipAddress: session.ipAddress ?? null,
                  userAgent: session.userAgent ?? null,
                },
              }),
            );
          },
        },
      },
    },
    plugins: [nextCookies()],
  });
}

/** The better-auth instance type. */
export type StewardAuth = ReturnType<typeof createAuth>;
