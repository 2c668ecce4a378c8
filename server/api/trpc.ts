/**
 * The tRPC building blocks every router uses: the request context, the procedure builders and
 * how errors leave the server. Routers stay thin (parse → authorize → call one service); what a
 * failure looks like to a client is decided here, once.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import { getSessionUser, type SessionUser, type TRole } from '../auth/index.ts';
import { type Db, getDb } from '../db/client.ts';
import { AppError, GENERIC_INTERNAL_MESSAGE, type TAppErrorCode, trpcCodeFor } from './errors.ts';

/**
 * What every procedure receives. `db` is the process-wide Prisma client; services take it first
 * so tests and transactions can pass another handle. `user` is the signed-in person, or null.
 */
export interface TRPCContext {
  db: Db;
  headers: Headers;
  user: SessionUser | null;
}

/** Builds the context for one request (the route handler) or one server render (RSC caller). */
export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  return { db: getDb(), headers: opts.headers, user: await getSessionUser(opts.headers) };
}

/**
 * Every procedure declares who may call it: the roles allowed, or `public`. The role matrix
 * test (tests/api/roles.test.ts) reads this from every procedure of the router, so one added
 * without a decision fails the suite.
 */
export interface ProcedureMeta {
  roles: readonly TRole[] | 'public';
}

const isDevelopment = process.env.NODE_ENV === 'development';

/** The AppError code a failure is reported under, so clients can branch without parsing text. */
function appCodeOf(error: TRPCError): TAppErrorCode | null {
  if (error.cause instanceof AppError) return error.cause.code;
  if (error.code === 'BAD_REQUEST' && error.cause instanceof ZodError) return 'BAD_INPUT';
  if (error.code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL';
  return null;
}

/** The message a client may see: an AppError's own, a hint for bad input, never internals. */
function publicMessageOf(error: TRPCError, fallback: string): string {
  if (error.cause instanceof AppError) return error.cause.message;
  if (error.code === 'BAD_REQUEST' && error.cause instanceof ZodError) {
    return 'Some of the input is not valid; see the field errors.';
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') return GENERIC_INTERNAL_MESSAGE;
  return fallback;
}

const t = initTRPC
  .context<TRPCContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    // Stack traces reach the client only in `next dev`; never in production or tests.
    isDev: isDevelopment,
    errorFormatter({ shape, error }) {
      const flattened =
        error.code === 'BAD_REQUEST' && error.cause instanceof ZodError
          ? z.flattenError(error.cause)
          : null;
      return {
        ...shape,
        message: publicMessageOf(error, shape.message),
        data: {
          ...shape.data,
          appCode: appCodeOf(error),
          /** Messages per input field, for forms to show next to the field. */
          fieldErrors: flattened?.fieldErrors ?? null,
          /** Messages about the input as a whole. */
          formErrors: flattened?.formErrors ?? null,
        },
      };
    },
  });

/** Makes a router from procedures and sub-routers. */
export const createTRPCRouter = t.router;
/** Makes a server-side caller for a router: `createCallerFactory(router)(ctx)`. */
export const createCallerFactory = t.createCallerFactory;

/**
 * In `next dev` only: waits 100-500 ms before each procedure and logs how long it took, so
 * request waterfalls and missing optimistic updates show up on a fast local machine.
 */
const timingMiddleware = t.middleware(async ({ next, path }) => {
  if (!isDevelopment) return next();
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 400)));
  const result = await next();
  console.log(`[trpc] ${path} took ${Math.round(performance.now() - start)} ms`);
  return result;
});

/**
 * Turns an AppError thrown by a service into a TRPCError with the mapped code (so the HTTP
 * status and a server caller's `error.code` are right), keeping the AppError as its cause.
 */
const appErrorMiddleware = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const appError = result.error.cause;
    throw new TRPCError({
      code: trpcCodeFor(appError.code),
      message: appError.message,
      cause: appError,
    });
  }
  return result;
});

const baseProcedure = t.procedure.use(timingMiddleware).use(appErrorMiddleware);

/** A procedure anyone may call, signed in or not (nothing in the consoles is). */
export const publicProcedure = baseProcedure.meta({ roles: 'public' });

/**
 * A procedure for these roles only: others get FORBIDDEN (nobody signed in: UNAUTHORIZED), and
 * the procedure's code never runs. Inside, `ctx.user` is the signed-in person.
 */
export function procedureFor(...roles: [TRole, ...TRole[]]) {
  return baseProcedure.meta({ roles }).use(({ ctx, next, path }) => {
    if (!ctx.user) {
      throw new AppError('UNAUTHORIZED', 'Sign in first.');
    }
    if (!roles.includes(ctx.user.role)) {
      throw new AppError(
        'FORBIDDEN',
        `Your role (${ctx.user.role}) may not use ${path}; it is for ${roles.join(', ')}.`,
      );
    }
    return next({ ctx: { ...ctx, user: ctx.user } });
  });
}
