/**
 * The tool registry: the one list the planner chooses from and the engine executes from.
 * Executing a tool parses its input, enforces its timeout and holds its output to the contract.
 */
import { z } from 'zod';
import type { StepApi, StepRunOptions } from '../engine/types.ts';
import type { ToolClients, ToolDefinition, TSideEffect } from './define-tool.ts';
import { ContractError, ToolInputError, ToolNotAllowedError, ToolTimeoutError } from './errors.ts';

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
  const input = tool.input.safeParse(rawInput);
  if (!input.success) {
    throw new ToolInputError(`Input for ${name} is not valid: ${describeIssues(input.error)}`);
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ToolTimeoutError(`${name} did not finish within ${tool.timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, tool.timeoutMs);
  });
  try {
    const result = await Promise.race([
      tool.run(input.data, {
        clients: options.clients,
        idempotencyKey: options.idempotencyKey,
        signal: controller.signal,
      }),
      timeout,
    ]);
    const output = tool.output.safeParse(result);
    if (!output.success) {
      throw new ContractError(
        `${name} returned output that breaks its contract: ${describeIssues(output.error)}`,
      );
    }
    return output.data;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
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
