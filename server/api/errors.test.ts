import http from 'node:http';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDb, type Db } from '../db/client.ts';
import {
  AppError,
  AppErrorCode,
  GENERIC_INTERNAL_MESSAGE,
  type TAppErrorCode,
  trpcCodeFor,
} from './errors.ts';
import { createCallerFactory, createTRPCRouter, publicProcedure } from './trpc.ts';

/** The documented mapping, written out so that a change to it has to change this test too. */
const EXPECTED_TRPC_CODES = {
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404 },
  BAD_INPUT: { trpc: 'BAD_REQUEST', http: 400 },
  UNAUTHORIZED: { trpc: 'UNAUTHORIZED', http: 401 },
  FORBIDDEN: { trpc: 'FORBIDDEN', http: 403 },
  CONFLICT: { trpc: 'CONFLICT', http: 409 },
  DECISION_CONFLICT: { trpc: 'CONFLICT', http: 409 },
  RUN_NOT_REPLAYABLE: { trpc: 'PRECONDITION_FAILED', http: 412 },
  INTERNAL: { trpc: 'INTERNAL_SERVER_ERROR', http: 500 },
} as const;

const appCodes = Object.values(AppErrorCode);

const testRouter = createTRPCRouter({
  fail: publicProcedure
    .input(z.object({ code: z.enum(AppErrorCode) }))
    .query(({ input }): never => {
      throw new AppError(input.code, `Refused with ${input.code}.`);
    }),
  crash: publicProcedure.query((): never => {
    throw new Error('connect ECONNREFUSED 10.1.2.3:5432 (password=hunter2)');
  }),
  register: publicProcedure
    .input(z.object({ email: z.email('Enter an email address'), seats: z.number().int().min(1) }))
    .mutation(({ input }) => ({ ok: true, seats: input.seats })),
});

let db: Db;
let server: http.Server;
let baseUrl: string;

/** Serves the test router the way app/api/trpc/[trpc]/route.ts does, over real HTTP. */
function serve(): Promise<string> {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    const url = `http://127.0.0.1${req.url ?? '/'}`;
    const request = new Request(url, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, String(value)] as [string, string]],
      ),
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
    });
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: request,
      router: testRouter,
      createContext: () => ({ db, headers: request.headers, user: null }),
    });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve(`http://127.0.0.1:${port}/api/trpc`);
    });
  });
}

/** A tRPC error response body: the error shape, wrapped by superjson (no meta: all plain JSON). */
const ZErrorShapeSchema = z.object({
  message: z.string(),
  code: z.number(),
  data: z.looseObject({
    code: z.string(),
    httpStatus: z.number(),
    appCode: z.string().nullable(),
    fieldErrors: z.record(z.string(), z.array(z.string())).nullable(),
    formErrors: z.array(z.string()).nullable(),
  }),
});
const ZErrorBodySchema = z.strictObject({
  error: z.strictObject({ json: ZErrorShapeSchema }),
});
async function errorOf(response: Response) {
  return ZErrorBodySchema.parse(await response.json()).error.json;
}

function query(path: string, input: unknown): Promise<Response> {
  const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  return fetch(`${baseUrl}/${path}?input=${encoded}`);
}

function mutate(path: string, input: unknown): Promise<Response> {
  return fetch(`${baseUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(superjson.serialize(input)),
  });
}

beforeAll(async () => {
  // Never queried here: the context needs a handle, and the Prisma client connects lazily.
  db = createDb(process.env.DATABASE_URL ?? 'postgresql://unused@127.0.0.1/unused');
  baseUrl = await serve();
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.$disconnect();
});

describe('AppError codes', () => {
  it('are exactly the documented list', () => {
    expect(appCodes.sort()).toEqual(Object.keys(EXPECTED_TRPC_CODES).sort());
  });

  it.each(appCodes)('map %s to its documented tRPC code', (code) => {
    expect(trpcCodeFor(code)).toBe(EXPECTED_TRPC_CODES[code].trpc);
  });
});

describe('an AppError thrown by a procedure', () => {
  it.each(appCodes)(
    'reaches a server caller as a TRPCError with the mapped code (%s)',
    async (code) => {
      const caller = createCallerFactory(testRouter)({ db, headers: new Headers(), user: null });
      const error = await caller.fail({ code }).catch((caught: unknown) => caught);
      if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${error}`);
      expect(error.code).toBe(EXPECTED_TRPC_CODES[code].trpc);
      expect(error.message).toBe(`Refused with ${code}.`);
      expect(error.cause).toBeInstanceOf(AppError);
      expect(error.cause instanceof AppError && error.cause.code).toBe(code);
    },
  );

  it.each(appCodes)(
    'reaches an HTTP client with its status, appCode and message (%s)',
    async (code) => {
      const response = await query('fail', { code });
      expect(response.status).toBe(EXPECTED_TRPC_CODES[code].http);
      const shape = await errorOf(response);
      expect(shape.message).toBe(`Refused with ${code}.`);
      expect(shape.data.code).toBe(EXPECTED_TRPC_CODES[code].trpc);
      expect(shape.data.appCode).toBe(code satisfies TAppErrorCode);
      expect(shape.data).not.toHaveProperty('stack');
    },
  );
});

describe('an unexpected error', () => {
  it('reaches an HTTP client as INTERNAL_SERVER_ERROR with a generic message and no internals', async () => {
    const response = await query('crash', undefined);
    expect(response.status).toBe(500);
    const text = await response.clone().text();
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain('hunter2');
    const shape = await errorOf(response);
    expect(shape.message).toBe(GENERIC_INTERNAL_MESSAGE);
    expect(shape.data.code).toBe('INTERNAL_SERVER_ERROR');
    expect(shape.data.appCode).toBe('INTERNAL');
    expect(shape.data).not.toHaveProperty('stack');
  });
});

describe('input that fails its schema', () => {
  it('comes back as BAD_REQUEST with the message of each bad field', async () => {
    const response = await mutate('register', { email: 'not-an-email', seats: 2 });
    expect(response.status).toBe(400);
    const shape = await errorOf(response);
    expect(shape.data.code).toBe('BAD_REQUEST');
    expect(shape.data.appCode).toBe('BAD_INPUT');
    expect(shape.data.fieldErrors).toEqual({ email: ['Enter an email address'] });
    expect(shape.data.formErrors).toEqual([]);
  });

  it('names every bad field at once', async () => {
    const shape = await errorOf(await mutate('register', { email: 'x', seats: 0 }));
    expect(Object.keys(shape.data.fieldErrors ?? {}).sort()).toEqual(['email', 'seats']);
  });

  it('puts a problem with the input as a whole in formErrors', async () => {
    const shape = await errorOf(await mutate('register', 'just a string'));
    expect(shape.data.fieldErrors).toEqual({});
    expect(shape.data.formErrors).toHaveLength(1);
  });

  it('passes when the input is valid', async () => {
    const response = await mutate('register', { email: 'ana@example.com', seats: 3 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: { data: { json: { ok: true, seats: 3 } } } });
  });
});
