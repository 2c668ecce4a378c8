// Helpers for Inngest adapter tests: the serve handler behind a real HTTP server, a stand-in for
// the Inngest server that records what the SDK sends it, and a small executor that calls a
// function over HTTP the way Inngest does (one request per step, the steps' state in the body).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { afterEach } from 'vitest';
import { z } from 'zod';
import { runRequestedEvent } from '../../inngest/events.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

async function listen(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The Next route handler returned by `serve()` from `inngest/next`. */
type TNextHandler = (request: NextRequest, response: unknown) => Promise<Response>;

/** Serves a Next route handler at `/api/inngest` on 127.0.0.1; returns the endpoint's URL. */
export async function serveOverHttp(handler: TNextHandler): Promise<string> {
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && body.length > 0;
    const request = new NextRequest(`http://${req.headers.host}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      body: hasBody ? body.toString('utf8') : undefined,
    });
    const response = await handler(request, undefined);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return `${await listen(server)}/api/inngest`;
}

/**
 * A stand-in Inngest server: records app syncs (`POST /fn/register`) and accepts them, and
 * records the events sent to its event API (`POST /e/<key>`), accepting them, or answering 500
 * with `rejectEvents`.
 */
export async function fakeInngestServer(options: { rejectEvents?: boolean } = {}): Promise<{
  url: string;
  registrations: unknown[];
  events: unknown[];
}> {
  const registrations: unknown[] = [];
  const events: unknown[] = [];
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'POST' && req.url?.startsWith('/fn/register')) {
      registrations.push(JSON.parse(body.toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, modified: true }));
      return;
    }
    if (req.method === 'POST' && req.url?.startsWith('/e/')) {
      res.writeHead(options.rejectEvents ? 500 : 200, { 'content-type': 'application/json' });
      if (options.rejectEvents) {
        res.end(JSON.stringify({ status: 500, error: 'event API unavailable' }));
        return;
      }
      const sent = z.array(z.unknown()).parse(JSON.parse(body.toString('utf8')));
      events.push(...sent);
      res.end(JSON.stringify({ status: 200, ids: sent.map((_, index) => `evt-${index}`) }));
      return;
    }
    res.writeHead(404).end();
  });
  return { url: await listen(server), registrations, events };
}

/** `steward/run.requested` as Inngest delivers it: with a timestamp. */
export function deliveredRunRequested(runId: string, workflowId: string) {
  return { ...runRequestedEvent({ runId, workflowId }), ts: Date.now() };
}

const ZOpSchema = z.object({
  id: z.string(),
  op: z.string(),
  displayName: z.string().optional(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
});
export type TOp = z.infer<typeof ZOpSchema>;

export interface THttpExecution {
  /** The final answer: 200 with the function's output, or an error status. */
  status: number;
  body: unknown;
  headers: Headers;
  /** Every op the function reported, in order, with the attempt it was reported on. */
  ops: (TOp & { attempt: number })[];
}

/**
 * Calls an Inngest function over HTTP as Inngest does: POST with the event and the steps done so
 * far; a 206 answer reports the steps it ran (or planned), whose results go into the next
 * request; a step error is retried with the next attempt number, as Inngest retries it. Sleeps
 * end at once; a wait for an event ends with what `onWait` answers. Stops at the first non-206
 * answer.
 */
export async function executeOverHttp(
  endpoint: string,
  options: {
    fnId: string;
    event: unknown;
    runId?: string;
    maxRequests?: number;
    /**
     * Called when the function waits for an event, after the request that registered the wait
     * ended: what Inngest then delivers, the event, or `null` for the wait's timeout.
     */
    onWait?: (op: TOp) => Promise<unknown>;
  },
): Promise<THttpExecution> {
  const steps: Record<string, unknown> = {};
  const ops: THttpExecution['ops'] = [];
  let attempt = 0;
  for (let request = 0; request < (options.maxRequests ?? 30); request++) {
    const stepIds = Object.keys(steps);
    const response = await fetch(`${endpoint}?fnId=${options.fnId}&stepId=step`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: 2,
        event: options.event,
        events: [options.event],
        steps,
        ctx: {
          run_id: options.runId ?? 'inngest-run-1',
          attempt,
          max_attempts: 21,
          stack: { stack: stepIds, current: stepIds.length - 1 },
        },
      }),
    });
    if (response.status !== 206) {
      return {
        status: response.status,
        body: await response.json(),
        headers: response.headers,
        ops,
      };
    }
    const reported = z.array(ZOpSchema).parse(await response.json());
    let isRetry = false;
    for (const op of reported) {
      ops.push({ ...op, attempt });
      if (op.op === 'StepRun' || op.op === 'Sleep')
        steps[op.id] = { type: 'data', data: op.data ?? null };
      else if (op.op === 'StepFailed') steps[op.id] = { type: 'error', error: op.error };
      else if (op.op === 'WaitForEvent' && options.onWait)
        steps[op.id] = { type: 'data', data: await options.onWait(op) };
      else if (op.op === 'StepError') isRetry = true;
      else throw new Error(`The test executor does not handle op ${op.op}`);
    }
    attempt = isRetry ? attempt + 1 : 0;
  }
  throw new Error('The function did not finish within the allowed requests');
}

const ignore = () => {};
/** A logger for test clients: the SDK logs every step error, which tests provoke on purpose. */
export const quietLogger = { info: ignore, warn: ignore, error: ignore, debug: ignore };
