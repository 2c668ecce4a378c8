import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isRetriable, retryPolicy } from '../engine/retry.ts';
import { defineTool, type ToolClients } from './define-tool.ts';
import { ContractError, ToolInputError, ToolNotAllowedError, ToolTimeoutError } from './errors.ts';
import { createToolRegistry, executeTool, renderCatalogue } from './registry.ts';

const clients: ToolClients = {
  db: { query: async () => ({}) as never, connect: async () => ({}) as never },
  fetch: async () => new Response('{}'),
};

/** What the test tool returns; a test sets it to break the contract. */
const behaviour = { result: { total: 3 } as unknown, delayMs: 0 };

const sum = defineTool({
  name: 'math.sum-numbers',
  description: 'Adds the numbers given and returns their total.',
  input: z.object({ numbers: z.array(z.number()).min(1) }),
  output: z.object({ total: z.number() }),
  sideEffect: 'none',
  idempotent: true,
  reversible: false,
  timeoutMs: 100,
  async run(input) {
    if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    return behaviour.result === undefined
      ? { total: input.numbers.reduce((a, b) => a + b, 0) }
      : (behaviour.result as { total: number });
  },
});

const reserve = defineTool({
  name: 'stock.reserve-item',
  description: 'Reserves stock of one SKU for an order; undone by stock.release-item.',
  input: z.object({ sku: z.string(), quantity: z.number().int().positive() }),
  output: z.object({ reservationId: z.string() }),
  sideEffect: 'write',
  idempotent: true,
  reversible: true,
  compensation: 'stock.release-item',
  retry: { maxAttempts: 5 },
  timeoutMs: 1_000,
  async run(_input, context) {
    return { reservationId: context.idempotencyKey };
  },
});

const release = defineTool({
  name: 'stock.release-item',
  description: 'Releases a stock reservation made by stock.reserve-item.',
  input: z.object({ reservationId: z.string() }),
  output: z.object({ released: z.boolean() }),
  sideEffect: 'write',
  idempotent: true,
  reversible: false,
  timeoutMs: 1_000,
  async run() {
    return { released: true };
  },
});

const registry = createToolRegistry([sum, reserve, release]);

describe('defineTool', () => {
  it('refuses inconsistent declarations', () => {
    const base = { ...release, name: 'stock.other-tool' };
    expect(() => defineTool({ ...base, name: 'Reserve' })).toThrow(
      /must look like <system>.<verb>-<noun>/,
    );
    expect(() => defineTool({ ...base, description: 'does it' })).toThrow(
      /description is what a model reads/,
    );
    expect(() => defineTool({ ...base, reversible: true })).toThrow(/names its compensation tool/);
    expect(() =>
      defineTool({ ...base, sideEffect: 'read', reversible: true, compensation: 'x.y' }),
    ).toThrow(/only a write or external tool can be reversible/);
  });
});

describe('createToolRegistry', () => {
  it('refuses a duplicate name and a compensation that is not registered', () => {
    expect(() => createToolRegistry([sum, sum])).toThrow(/Two tools are named "math.sum-numbers"/);
    expect(() => createToolRegistry([reserve])).toThrow(/names compensation "stock.release-item"/);
  });
});

describe('executeTool', () => {
  const run = (name: string, input: unknown, allowList?: string[]) =>
    executeTool(registry, name, input, { clients, idempotencyKey: 'run-1:reserve', allowList });

  it('runs a tool on parsed input and returns output that meets the contract', async () => {
    behaviour.result = undefined;
    expect(await run('math.sum-numbers', { numbers: [1, 2, 3.5] })).toEqual({ total: 6.5 });
    expect(await run('stock.reserve-item', { sku: 'A-1', quantity: 2 })).toEqual({
      reservationId: 'run-1:reserve',
    });
  });

  it('names each bad field of the input, and that error is not retried', async () => {
    const error = await run('stock.reserve-item', { sku: 7, quantity: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ToolInputError);
    expect(String((error as Error).message)).toMatch(/sku: .*string.*; quantity: Too small/);
    expect(isRetriable(error, retryPolicy())).toBe(false);
  });

  it('fails an output that breaks the contract with a non-retriable ContractError', async () => {
    behaviour.result = { total: 'three' };
    const error = await run('math.sum-numbers', { numbers: [1] }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ContractError);
    expect(String((error as Error).message)).toMatch(
      /math.sum-numbers returned output that breaks its contract: total:/,
    );
    expect(isRetriable(error, retryPolicy())).toBe(false);
    behaviour.result = undefined;
  });

  it('enforces the timeout with a retriable ToolTimeoutError', async () => {
    behaviour.delayMs = 500;
    const error = await run('math.sum-numbers', { numbers: [1] }).catch(
      (caught: unknown) => caught,
    );
    behaviour.delayMs = 0;
    expect(error).toBeInstanceOf(ToolTimeoutError);
    expect(String((error as Error).message)).toBe('math.sum-numbers did not finish within 100 ms');
    expect(isRetriable(error, retryPolicy())).toBe(true);
  });

  it('refuses an unknown tool and one outside the allow-list', async () => {
    await expect(run('math.nope', {})).rejects.toThrow(
      new ToolNotAllowedError('There is no tool "math.nope".'),
    );
    await expect(
      run('stock.reserve-item', { sku: 'A', quantity: 1 }, ['math.sum-numbers']),
    ).rejects.toThrow(/not allowed for this workflow/);
  });
});

describe('renderCatalogue', () => {
  it('gives the planner each allowed tool with JSON Schemas, in name order', () => {
    const catalogue = renderCatalogue(registry, ['stock.reserve-item', 'math.sum-numbers']);
    expect(catalogue.map((entry) => entry.name)).toEqual([
      'math.sum-numbers',
      'stock.reserve-item',
    ]);
    expect(catalogue[1]).toEqual({
      name: 'stock.reserve-item',
      description: 'Reserves stock of one SKU for an order; undone by stock.release-item.',
      sideEffect: 'write',
      idempotent: true,
      reversible: true,
      compensation: 'stock.release-item',
      inputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          sku: { type: 'string' },
          quantity: { type: 'integer', exclusiveMinimum: 0, maximum: 9007199254740991 },
        },
        required: ['sku', 'quantity'],
      },
      outputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { reservationId: { type: 'string' } },
        required: ['reservationId'],
        additionalProperties: false,
      },
      // It declares no keys, so no plan can prove it writes the run's record: every field is a value.
      provenance: {
        keys: {},
        requiredKeys: [],
        search: false,
        fields: { sku: 'value', quantity: 'value' },
      },
    });
    expect(() => renderCatalogue(registry, ['math.nope'])).toThrow(/There is no tool "math.nope"/);
  });
});
