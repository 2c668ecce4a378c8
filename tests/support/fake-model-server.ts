// A local model provider for tests: an HTTP server on 127.0.0.1 that speaks the OpenAI
// chat-completions or the Anthropic messages wire format and replays scripted answers in order.
// The real AI SDK provider code talks to it; nothing of ours is replaced.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer: a model reply, an HTTP error, a reply that never comes, or raw bytes. */
export type ScriptedAnswer =
  | {
      text: string;
      inputTokens?: number;
      outputTokens?: number;
      /** What happens in the world while the model thinks (a record changes), before it answers. */
      meanwhile?: () => Promise<void>;
    }
  | { status: number; message: string; headers?: Record<string, string> }
  | { hang: true }
  | { rawBody: string; status?: number };

export type Wire = 'openai' | 'anthropic';

/** A request the server received: path, headers and parsed JSON body. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: {
    model?: string;
    system?: unknown;
    messages?: { role: string; content: unknown }[];
  };
}

export interface FakeModelServer {
  /** The base URL a provider is configured with (`…/v1`). */
  url: string;
  requests: ReceivedRequest[];
  /** Queues answers; each request takes the next one. Unscripted requests get a 500. */
  script(...answers: ScriptedAnswer[]): void;
  /** Answers not yet taken. */
  pending(): number;
  /** Drops the answers not yet taken. */
  clear(): void;
  close(): Promise<void>;
}

function success(
  wire: Wire,
  model: string,
  answer: { text: string; inputTokens?: number; outputTokens?: number },
) {
  const input = answer.inputTokens ?? 120;
  const output = answer.outputTokens ?? 80;
  if (wire === 'openai') {
    return {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: answer.text },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
    };
  }
  return {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: answer.text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: input, output_tokens: output },
  };
}

function failure(wire: Wire, status: number, message: string) {
  const type =
    status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
  return wire === 'openai'
    ? { error: { message, type, code: null } }
    : { type: 'error', error: { type, message } };
}

/** Starts a fake provider speaking `wire` on an ephemeral port of 127.0.0.1. */
export async function startFakeModelServer(wire: Wire): Promise<FakeModelServer> {
  const queue: ScriptedAnswer[] = [];
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const expectedPath = wire === 'openai' ? '/v1/chat/completions' : '/v1/messages';

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: ReceivedRequest['body'] = {};
      try {
        body = JSON.parse(text) as ReceivedRequest['body'];
      } catch {
        body = {};
      }
      requests.push({ path: request.url ?? '', headers: request.headers, body });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      if (request.method !== 'POST' || request.url !== expectedPath) {
        send(404, failure(wire, 404, `unexpected ${request.method} ${request.url}`));
        return;
      }
      const answer = queue.shift();
      if (!answer) {
        send(500, failure(wire, 500, 'the test scripted no answer for this request'));
      } else if ('hang' in answer) {
        hanging.add(response);
        response.on('close', () => hanging.delete(response));
      } else if ('rawBody' in answer) {
        send(answer.status ?? 200, answer.rawBody);
      } else if ('status' in answer) {
        send(answer.status, failure(wire, answer.status, answer.message), answer.headers);
      } else if (answer.meanwhile) {
        answer.meanwhile().then(
          () => send(200, success(wire, body.model ?? 'test-model', answer)),
          (error: unknown) => send(500, failure(wire, 500, String(error))),
        );
      } else {
        send(200, success(wire, body.model ?? 'test-model', answer));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...answers) => queue.push(...answers),
    pending: () => queue.length,
    clear: () => {
      queue.length = 0;
    },
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
