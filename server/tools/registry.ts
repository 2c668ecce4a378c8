/**
 * The tool registry: the one list the planner chooses from and the engine executes from.
 * Executing a tool parses its input, enforces its timeout and holds its output to the contract.
 */
import { z } from 'zod';
import type { StepApi, StepRunOptions } from '../engine/types.ts';
import {
  type ToolClients,
  type ToolDefinition,
  type TSideEffect,
  type TWritePreview,
  ZWritePreview,
} from './define-tool.ts';
import {
  ContractError,
  PreviewUnavailableError,
  ToolInputError,
  ToolNotAllowedError,
  ToolTimeoutError,
} from './errors.ts';
import { fieldRole, type TFieldRole } from './provenance.ts';

export interface ToolRegistry {
  get(name: string): ToolDefinition | undefined;
  list(): ToolDefinition[];
}

/** A registry of these tools; two with one name, or a compensation that does not exist, is an error. */
export function createToolRegistry(tools: readonly ToolDefinition[]): ToolRegistry {
  const byName = new Map<string, ToolDefinition>();
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new Error(`Two tools are named "${tool.name}"`);
    byName.set(tool.name, tool);
  }
  for (const tool of tools) {
    if (tool.compensation && !byName.has(tool.compensation)) {
      throw new Error(
        `Tool ${tool.name} names compensation "${tool.compensation}", which is not registered`,
      );
    }
  }
  return { get: (name) => byName.get(name), list: () => [...byName.values()] };
}

/** One tool as the planner's catalogue shows it. */
export interface CatalogueEntry {
  name: string;
  description: string;
  sideEffect: TSideEffect;
  idempotent: boolean;
  reversible: boolean;
  compensation: string | null;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  /**
   * For the planner: which input fields pick the record (keys), and for writes the role of
   * each field: `target` (must be this run's record), `actor` (Steward fills it: leave it out),
   * `free-text` (your own words, shown to the reviewer as model-written), `value` (must come
   * from the run's input or a read of the run's own records, by reference).
   */
  provenance: {
    keys: Record<string, string>;
    requiredKeys: string[];
    search: boolean;
    fields: Record<string, TFieldRole> | null;
  };
}

/** The catalogue's provenance entry of a tool. */
function catalogueProvenance(tool: ToolDefinition): CatalogueEntry['provenance'] {
  const declared = tool.provenance;
  const isWrite = tool.sideEffect === 'write' || tool.sideEffect === 'external';
  const shape = tool.input instanceof z.ZodObject ? Object.keys(tool.input.shape) : [];
  return {
    keys: Object.fromEntries(
      Object.entries(declared?.keys ?? {}).flatMap(([field, kind]) =>
        kind === undefined ? [] : [[field, kind]],
      ),
    ),
    requiredKeys: [...(declared?.requiredKeys ?? [])],
    search: declared?.search === true,
    fields: isWrite
      ? Object.fromEntries(shape.map((field) => [field, fieldRole(declared, field)]))
      : null,
  };
}

/**
 * The catalogue a planner prompt contains: the allowed tools (all, without a list) in name
 * order, each with its input and output as JSON Schema rendered from zod.
 */
export function renderCatalogue(
  registry: ToolRegistry,
  allowList?: readonly string[],
): CatalogueEntry[] {
  const tools = allowList ? allowList.map((name) => requireTool(registry, name)) : registry.list();
  return [...tools]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((tool) => ({
      name: tool.name,
      description: tool.description,
      sideEffect: tool.sideEffect,
      idempotent: tool.idempotent,
      reversible: tool.reversible,
      compensation: tool.compensation ?? null,
      inputSchema: z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }),
      outputSchema: z.toJSONSchema(tool.output, { io: 'output', unrepresentable: 'any' }),
      provenance: catalogueProvenance(tool),
    }));
}

function requireTool(
  registry: ToolRegistry,
  name: string,
  allowList?: readonly string[],
): ToolDefinition {
  const tool = registry.get(name);
  if (!tool) throw new ToolNotAllowedError(`There is no tool "${name}".`);
  if (allowList && !allowList.includes(name)) {
    throw new ToolNotAllowedError(`Tool "${name}" is not allowed for this workflow.`);
  }
  return tool;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`)
    .join('; ');
}

export interface ExecuteToolOptions {
  clients: ToolClients;
  idempotencyKey: string;
  /** The workflow's allow-list; a tool outside it is refused. */
  allowList?: readonly string[];
  signal?: AbortSignal;
}

/**
 * Runs one tool: input parsed (ToolInputError names each bad field), the timeout enforced
 * (ToolTimeoutError, retriable), the output held to the contract (ContractError, not retriable).
 */
export async function executeTool(
  registry: ToolRegistry,
  name: string,
  rawInput: unknown,
  options: ExecuteToolOptions,
): Promise<unknown> {
  const tool = requireTool(registry, name, options.allowList);
  const input = parseInput(tool, rawInput);
  const result = await withTimeout(tool, options.signal, (signal) =>
    tool.run(input, { clients: options.clients, idempotencyKey: options.idempotencyKey, signal }),
  );
  const output = tool.output.safeParse(result);
  if (!output.success) {
    throw new ContractError(
      `${name} returned output that breaks its contract: ${describeIssues(output.error)}`,
    );
  }
  return output.data;
}

export interface PreviewWriteOptions {
  clients: ToolClients;
  /** The workflow's allow-list; a tool outside it is refused. */
  allowList?: readonly string[];
  signal?: AbortSignal;
}

/**
 * What a write tool would change with this input, read from the systems of record now (never
 * writing): the diff a reviewer approves. Input parsed as executeTool does; a tool that writes
 * nothing is refused (ToolNotAllowedError); the tool's timeout applies; the preview is held to
 * ZWritePreview (ContractError). Errors the write itself would raise (a record that does not
 * exist, a refused state change) come out of the preview as they would out of the write.
 */
export async function previewWrite(
  registry: ToolRegistry,
  name: string,
  rawInput: unknown,
  options: PreviewWriteOptions,
): Promise<TWritePreview> {
  const tool = requireTool(registry, name, options.allowList);
  if (tool.sideEffect !== 'write' && tool.sideEffect !== 'external') {
    throw new ToolNotAllowedError(`${name} writes nothing, so there is no change to preview.`);
  }
  const { preview } = tool;
  if (!preview) {
    throw new PreviewUnavailableError(`${name} cannot show what it would change.`);
  }
  const input = parseInput(tool, rawInput);
  const result = await withTimeout(tool, options.signal, (signal) =>
    preview.call(tool, input, { clients: options.clients, signal }),
  );
  const parsed = ZWritePreview.safeParse(result);
  if (!parsed.success) {
    throw new ContractError(
      `${name} returned a preview that breaks its contract: ${describeIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** The input parsed with the tool's schema; ToolInputError names each bad field. */
function parseInput(tool: ToolDefinition, rawInput: unknown): unknown {
  const input = tool.input.safeParse(rawInput);
  if (!input.success) {
    throw new ToolInputError(`Input for ${tool.name} is not valid: ${describeIssues(input.error)}`);
  }
  return input.data;
}

/**
 * Runs `work` under the tool's timeout (ToolTimeoutError, retriable), with a signal aborted on
 * the timeout or when `outer` aborts.
 */
async function withTimeout<T>(
  tool: ToolDefinition,
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ToolTimeoutError(`${tool.name} did not finish within ${tool.timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, tool.timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

/** How a step that runs this tool is retried, recorded and reconciled. */
export function toolStepOptions(tool: ToolDefinition): StepRunOptions<unknown> {
  return { retry: tool.retry, idempotent: tool.idempotent, kind: 'tool', toolName: tool.name };
}

/**
 * Runs a tool as a durable step of a workflow: memoized, retried by the tool's policy, with the
 * step's idempotency key handed to the tool.
 */
export function runToolStep(
  step: StepApi,
  stepId: string,
  registry: ToolRegistry,
  name: string,
  input: unknown,
  options: { clients: ToolClients; allowList?: readonly string[] },
): Promise<unknown> {
  const tool = requireTool(registry, name, options.allowList);
  return step.run(
    stepId,
    (context) =>
      executeTool(registry, name, input, {
        ...options,
        idempotencyKey: context.idempotencyKey,
        signal: context.signal,
      }),
    toolStepOptions(tool),
  );
}
