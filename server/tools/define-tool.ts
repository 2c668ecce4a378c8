/**
 * A tool: the only way anything executes. One file per tool, written for two readers: the
 * planner (name, description, input and output JSON Schema, side effects) and the engine
 * (parsed input, a timeout, an output contract, a retry policy, a compensation).
 */
import type pg from 'pg';
import { z } from 'zod';
import type { RetryPolicy } from '../engine/retry.ts';
import type { JsonValue } from '../engine/types.ts';
import type { DocumentReaderClient, ModelToolSpec } from './model/define-model-tool.ts';
import type { ToolProvenance } from './provenance.ts';

/** What running a tool may change: nothing, our read replicas, our systems of record, or the world. */
export type TSideEffect = 'none' | 'read' | 'write' | 'external';

/** Clients a tool receives instead of reaching for globals, so each is testable in isolation. */
export interface ToolClients {
  /** The database holding the systems of record. */
  db: Pick<pg.Pool, 'query' | 'connect'>;
  /** `fetch` restricted to the allowed hosts (server/tools/http). */
  fetch: typeof fetch;
  /** The models, for model step tools (server/tools/model); absent where none may be asked. */
  models?: DocumentReaderClient;
}

export interface ToolContext {
  clients: ToolClients;
  /** `<runId>:<stepId>`: a write tool stores it so a repeated call applies nothing twice. */
  idempotencyKey: string;
  /** Aborted when the tool's timeout passes (or the run is given up). */
  signal: AbortSignal;
}

/** What a preview receives: the clients to read current values with, never an idempotency key. */
export interface PreviewContext {
  clients: ToolClients;
  /** Aborted when the tool's timeout passes. */
  signal: AbortSignal;
}

/** One field a write would change: its value in the system of record now, and after the write. */
export interface TFieldChange {
  /** The field as the tool's input or output names it, e.g. `status` or `address.city`. */
  field: string;
  /** The value read from the system of record now; null when the record does not exist yet. */
  current: JsonValue | null;
  /** The value after the write (null: cleared, or the record deleted). */
  proposed: JsonValue | null;
}

/**
 * What a write would change, as a reviewer sees it before approving: the record in words and
 * exactly the fields that would change, in a stable order (unchanged fields left out). An
 * approval is bound to a hash of it, so a change of the current values voids the approval.
 */
export interface TWritePreview {
  /** The record in words, e.g. "ERP invoice INV-1042 from V-0042 (Acme GmbH)". */
  target: string;
  changes: TFieldChange[];
}

/** The zod schema of a write preview; the registry holds every preview to it. */
export const ZWritePreview: z.ZodType<TWritePreview> = z.object({
  target: z.string().min(1),
  changes: z.array(
    z.object({
      field: z.string().min(1),
      current: z.json().nullable(),
      proposed: z.json().nullable(),
    }),
  ),
});

export interface ToolDefinition<TInput = unknown, TOutput = unknown> {
  /** `<system>.<verb>-<noun>`, e.g. `erp.get-invoice`: what a planner writes in a plan. */
  name: string;
  /** For the model: what it does, when to use it, what it returns. */
  description: string;
  input: z.ZodType<TInput>;
  /** The output contract: a result that breaks it fails the attempt for good. */
  output: z.ZodType<TOutput>;
  sideEffect: TSideEffect;
  /** Running it twice with one idempotency key has the effect of running it once. */
  idempotent: boolean;
  /** Its effect can be undone, by `compensation`. */
  reversible: boolean;
  /** Name of the tool that undoes it; required for reversible writes. */
  compensation?: string;
  retry?: Partial<RetryPolicy>;
  timeoutMs: number;
  /** Relative cost a plan's budget counts (default 1): a model call or a paid API costs more. */
  estimatedCost?: number;
  /**
   * Which fields pick the record it reads or writes, and where a write's values may come from
   * (server/tools/provenance.ts). A write without it cannot be proven, so no plan may use it.
   */
  provenance?: ToolProvenance;
  /** A model step (server/tools/model/define-model-tool.ts): what it reads, and how. */
  model?: ModelToolSpec;
  run(input: TInput, context: ToolContext): Promise<TOutput>;
  /**
   * What `run` with this input would change, read from the systems of record now; it never
   * writes. Only write and external tools have one; it throws what `run` would throw when the
   * record does not exist or the write would be refused.
   */
  preview?(input: TInput, context: PreviewContext): Promise<TWritePreview>;
}

const NAME_PATTERN = /^[a-z][a-z0-9]*\.[a-z][a-z0-9-]*$/;

/** Declares a tool, refusing inconsistent declarations before anything runs. */
export function defineTool<TInput, TOutput>(
  definition: ToolDefinition<TInput, TOutput>,
): ToolDefinition<TInput, TOutput> {
  const { name } = definition;
  if (!NAME_PATTERN.test(name)) {
    throw new Error(
      `Tool name "${name}" must look like <system>.<verb>-<noun>, e.g. erp.get-invoice`,
    );
  }
  if (definition.description.trim().length < 20) {
    throw new Error(
      `Tool ${name}: the description is what a model reads; say what it does and returns`,
    );
  }
  if (!Number.isInteger(definition.timeoutMs) || definition.timeoutMs < 1) {
    throw new Error(`Tool ${name}: timeoutMs must be a whole number of milliseconds >= 1`);
  }
  const isWrite = definition.sideEffect === 'write' || definition.sideEffect === 'external';
  if (definition.reversible && !isWrite) {
    throw new Error(`Tool ${name}: only a write or external tool can be reversible`);
  }
  if (definition.preview && !isWrite) {
    throw new Error(`Tool ${name}: only a write or external tool has a preview of its changes`);
  }
  const { provenance } = definition;
  if (!isWrite && (provenance?.actorFields?.length || provenance?.freeTextFields?.length)) {
    throw new Error(`Tool ${name}: only a write has actor or free-text fields`);
  }
  if (isWrite && provenance && Object.keys(provenance.keys ?? {}).length === 0) {
    throw new Error(`Tool ${name}: a write names the input fields that pick its target (keys)`);
  }
  if (definition.reversible && !definition.compensation) {
    throw new Error(`Tool ${name}: a reversible tool names its compensation tool`);
  }
  return definition;
}
