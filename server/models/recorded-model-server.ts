/**
 * A model provider that replays recorded answers: an HTTP server on 127.0.0.1 speaking the
 * OpenAI chat-completions wire format, answering each document reading with the answer recorded
 * for that document's text. The real AI SDK provider code talks to it (`openai-compatible:`), so
 * everything of ours runs as with a hosted model. Tests, `npm run bench:validation` and the demo
 * day use it; its answers are labelled `recorded` wherever a model call is shown.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The model name the chain entry uses, shown with every recorded call. */
export const RECORDED_MODEL = 'recorded';

/** The key a recorded answer is filed under: the sha256 of the document's text. */
export function documentKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The document text of a reading prompt (server/tools/model/read-document.ts), or null. */
export function documentOfPrompt(content: string): string | null {
  const start = content.indexOf('<document>\n');
  const end = content.lastIndexOf('\n</document>');
  if (start === -1 || end === -1 || end < start) return null;
  return content
    .slice(start + '<document>\n'.length, end)
    .replaceAll('<\\/document>', '</document>');
}

export interface RecordedModelServer {
  url: string;
  /** The chain entry for READER_MODEL or PLANNER_MODEL. */
  chainEntry: string;
  /** Requests answered from the recording, and those it had no answer for. */
  answered(): number;
  unanswered(): number;
  close(): Promise<void>;
}

function userContent(body: unknown): string {
  if (body === null || typeof body !== 'object' || !('messages' in body)) return '';
  const { messages } = body;
  if (!Array.isArray(messages)) return '';
  return messages
    .map((message: unknown) =>
      message !== null &&
      typeof message === 'object' &&
      'content' in message &&
      typeof message.content === 'string'
        ? message.content
        : '',
    )
    .join('\n');
}

/**
 * Starts the server; `answerFor` returns the recorded answer (the model's text) for a document,
 * or null, which is answered with a 400 the reader treats as a failed provider (not retried).
 */
export async function startRecordedModelServer(
  answerFor: (documentText: string) => string | null,
  options: { port?: number } = {},
): Promise<RecordedModelServer> {
  let answered = 0;
  let unanswered = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const send = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
        send(404, {
          error: {
            message: `unexpected ${request.method} ${request.url}`,
            type: 'invalid_request_error',
          },
        });
        return;
      }
      const document = documentOfPrompt(userContent(body));
      const answer = document === null ? null : answerFor(document);
      if (answer === null) {
        unanswered += 1;
        send(400, {
          error: {
            message:
              document === null
                ? 'This recorded model only reads documents.'
                : 'No answer is recorded for this document.',
            type: 'invalid_request_error',
          },
        });
        return;
      }
      answered += 1;
      send(200, {
        id: `chatcmpl-recorded-${answered}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: RECORDED_MODEL,
        choices: [
          { index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' },
        ],
        usage: {
          prompt_tokens: Math.ceil((document?.length ?? 0) / 4),
          completion_tokens: Math.ceil(answer.length / 4),
          total_tokens: 0,
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/v1`;
  return {
    url,
    chainEntry: `openai-compatible:${url}#${RECORDED_MODEL}`,
    answered: () => answered,
    unanswered: () => unanswered,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
