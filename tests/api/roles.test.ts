// The role matrix: every tRPC procedure of the app's router, read from the router itself, and
// what each role gets from it. A procedure added without a role decision, or with one that
// differs from this table, fails here; a role outside the decision is refused and the
// procedure's code never runs.
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { appRouter, createCaller } from '../../server/api/root.ts';
import type { ProcedureMeta } from '../../server/api/trpc.ts';
import { ROLES, type TRole } from '../../server/auth/roles.ts';
import { getDb } from '../../server/db/client.ts';
import { testDatabaseUrl } from '../support/database.ts';
import { DASHBOARD_ROLES } from './roles/dashboard.ts';
import { DEAD_LETTER_ROLES } from './roles/dead-letter.ts';
import { REVIEW_ROLES } from './roles/review.ts';
import { RUN_ROLES } from './roles/run.ts';
import { USER_ROLES } from './roles/user.ts';
import { WORKFLOW_ROLES } from './roles/workflow.ts';

process.env.DATABASE_URL = testDatabaseUrl;
const db = getDb();

/** Who may call what: the decision, once per procedure, one file per area in ./roles. */
const EXPECTED: Record<string, ProcedureMeta['roles']> = {
  ...DASHBOARD_ROLES,
  ...DEAD_LETTER_ROLES,
  ...REVIEW_ROLES,
  ...RUN_ROLES,
  ...USER_ROLES,
  ...WORKFLOW_ROLES,
};

const procedures = Object.entries(appRouter._def.procedures).map(([path, procedure]) => {
  const definition: unknown = procedure;
  const meta = (definition as { _def: { meta?: ProcedureMeta } })._def.meta;
  return { path, roles: meta?.roles };
});

function userOf(role: TRole) {
  return {
    id: '00000000-0000-4000-8000-00000000000a',
    email: `${role}@example.com`,
    name: role,
    role,
  };
}

async function call(path: string, role: TRole | null): Promise<unknown> {
  const caller: unknown = createCaller({
    db,
    headers: new Headers(),
    user: role ? userOf(role) : null,
  });
  const fn = path.split('.').reduce<unknown>(
    (node, key) =>
      // The caller is a tree of function proxies.
      node !== null && (typeof node === 'object' || typeof node === 'function')
        ? (node as Record<string, unknown>)[key]
        : undefined,
    caller,
  );
  if (typeof fn !== 'function') throw new Error(`no procedure at ${path}`);
  try {
    return await fn(undefined);
  } catch (error) {
    return error;
  }
}

describe('the role matrix', () => {
  it('has a role decision for every procedure, equal to the table', () => {
    expect(procedures.length).toBeGreaterThan(0);
    for (const { path, roles } of procedures) {
      expect(roles, `${path} has no role decision (use procedureFor(...roles))`).toBeDefined();
    }
    expect(Object.fromEntries(procedures.map(({ path, roles }) => [path, roles]))).toEqual(
      EXPECTED,
    );
  });

  describe.each(procedures.map(({ path, roles }) => [path, roles] as const))(
    '%s',
    (path, roles) => {
      it.each(ROLES)('as %s', async (role) => {
        const result = await call(path, role);
        const allowed = roles === 'public' || (roles?.includes(role) ?? false);
        if (allowed) {
          // Allowed: whatever happens, it is not a refusal of the role.
          if (result instanceof TRPCError)
            expect(result.code).not.toMatch(/FORBIDDEN|UNAUTHORIZED/);
        } else {
          expect(result).toBeInstanceOf(TRPCError);
          expect(result).toMatchObject({
            code: 'FORBIDDEN',
            message: expect.stringContaining(`Your role (${role})`),
          });
        }
      });

      it('refuses anyone not signed in', async () => {
        const result = await call(path, null);
        if (roles === 'public') return;
        expect(result).toMatchObject({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
      });
    },
  );
});
