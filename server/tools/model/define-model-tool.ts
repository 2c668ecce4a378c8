/**
 * Model steps as typed tools: a tool whose work is a model reading a document. It is declared like
 * any tool (a name, a description for the planner, side effect `none`, a retry policy) plus an
 * instruction and the fields it reads; its output is the model's answer per field, with evidence.
 * It runs through the planner's provider chain (structured output through the AI SDK), every call
 * recorded in `model_calls`. Grounding the answer is not the tool's business: the workflow does it
 * in code, afterwards (server/documents/grounding.ts).
 */
import { z } from 'zod';
import { defineTool, type ToolDefinition } from '../define-tool.ts';
import { type FieldSpecs, type TExtraction, ZExtraction } from './fields.ts';

/** What a model tool asks for, beside the usual tool declaration. */
export interface ModelToolSpec {
  /** What to read, for the model: the task in a few sentences. */
  instruction: string;
  fields: FieldSpecs;
}

/** The client that lets a model tool ask the models (server/tools/model/read-document.ts). */
export interface DocumentReaderClient {
  read(
    tool: { name: string } & ModelToolSpec,
    request: {
      documentId: string;
      runId: string | null;
      stepId: string | null;
      signal: AbortSignal;
    },
  ): Promise<TExtraction>;
}

export const ZModelToolInput = z.object({
  documentId: z.uuid().describe('The id of the run\u2019s document (its input field documentId).'),
});

/** `<runId>:<stepId>` split again: the model call is recorded against the run's step. */
function runAndStep(idempotencyKey: string): { runId: string | null; stepId: string | null } {
  const colon = idempotencyKey.indexOf(':');
  if (colon === -1) return { runId: null, stepId: null };
  const runId = idempotencyKey.slice(0, colon);
  return {
    runId: z.uuid().safeParse(runId).success ? runId : null,
    stepId: idempotencyKey.slice(colon + 1),
  };
}

/** Declares a model step tool. */
export function defineModelTool(definition: {
  name: string;
  description: string;
  instruction: string;
  fields: FieldSpecs;
  /** Per-attempt budget: the whole provider chain, with its retries (default 5 minutes). */
  timeoutMs?: number;
}): ToolDefinition<{ documentId: string }, TExtraction> {
  if (Object.keys(definition.fields).length === 0) {
    throw new Error(`Model tool ${definition.name}: it reads at least one field`);
  }
  const spec: ModelToolSpec = { instruction: definition.instruction, fields: definition.fields };
  return defineTool<{ documentId: string }, TExtraction>({
    name: definition.name,
    description: definition.description,
    input: ZModelToolInput,
    output: ZExtraction,
    sideEffect: 'none',
    idempotent: true,
    reversible: false,
    timeoutMs: definition.timeoutMs ?? 300_000,
    // A model call costs more than a database read.
    estimatedCost: 5,
    // Provider trouble is retried and falls back inside the chain; a failed step tries once more.
    retry: { maxAttempts: 2 },
    async run(input, context) {
      const reader = context.clients.models;
      if (!reader) {
        throw new Error(`Model tool ${definition.name} needs the document reader client (models)`);
      }
      return reader.read(
        { name: definition.name, ...spec },
        {
          documentId: input.documentId,
          ...runAndStep(context.idempotencyKey),
          signal: context.signal,
        },
      );
    },
    model: spec,
  });
}
