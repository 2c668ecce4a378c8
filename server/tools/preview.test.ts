// previewWrite: what the review console shows of each write before a person approves it.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, type ToolClients } from './define-tool.ts';
import {
  ContractError,
  PreviewUnavailableError,
  ToolInputError,
  ToolNotAllowedError,
  ToolTimeoutError,
} from './errors.ts';
import { toolRegistry } from './index.ts';
import { createToolRegistry, previewWrite, renderCatalogue } from './registry.ts';

const clients: ToolClients = {
  db: { query: async () => ({}) as never, connect: async () => ({}) as never },
  fetch: async () => new Response('{}'),
};

/** What the test preview returns, and how long it takes; a test sets them. */
const behaviour = { preview: undefined as unknown, delayMs: 0 };

const setPrice = defineTool({
  name: 'shop.set-price',
  description: 'Sets the price of one SKU and returns the new price.',
  input: z.object({ sku: z.string().min(1), price: z.number().positive() }),
  output: z.object({ price: z.number() }),
  sideEffect: 'write',
  idempotent: true,
  reversible: false,
  timeoutMs: 100,
  async run(input) {
    return { price: input.price };
  },
  async preview(input) {
    if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    if (behaviour.preview !== undefined) return behaviour.preview as never;
    return {
      target: `Price of ${input.sku}`,
      changes: [{ field: 'price', current: 10, proposed: input.price }],
    };
  },
});

const readPrice = defineTool({
  name: 'shop.get-price',
  description: 'Reads the price of one SKU from the shop.',
  input: z.object({ sku: z.string() }),
  output: z.object({ price: z.number() }),
  sideEffect: 'read',
  idempotent: true,
  reversible: false,
  timeoutMs: 100,
  async run() {
    return { price: 10 };
  },
});

const blindWrite = defineTool({ ...setPrice, name: 'shop.blind-write', preview: undefined });

const registry = createToolRegistry([setPrice, readPrice, blindWrite]);
const preview = (name: string, input: unknown, allowList?: string[]) =>
  previewWrite(registry, name, input, { clients, allowList });

describe('previewWrite', () => {
  it("returns the tool's preview of parsed input", async () => {
    expect(await preview('shop.set-price', { sku: 'A-1', price: 12.5 })).toEqual({
      target: 'Price of A-1',
      changes: [{ field: 'price', current: 10, proposed: 12.5 }],
    });
  });

  it('names each bad field of the input', async () => {
    const error = preview('shop.set-price', { sku: '', price: -1 });
    await expect(error).rejects.toThrow(ToolInputError);
    await expect(error).rejects.toThrow(/sku: .*; price: /);
  });

  it('refuses a tool that writes nothing, one without a preview, and one outside the allow-list', async () => {
    await expect(preview('shop.get-price', { sku: 'A' })).rejects.toThrow(ToolNotAllowedError);
    const blind = preview('shop.blind-write', { sku: 'A', price: 1 });
    await expect(blind).rejects.toThrow(PreviewUnavailableError);
    await expect(blind).rejects.toThrow('shop.blind-write cannot show what it would change.');
    await expect(
      preview('shop.set-price', { sku: 'A', price: 1 }, ['shop.get-price']),
    ).rejects.toThrow(/not allowed for this workflow/);
    await expect(preview('shop.nope', {})).rejects.toThrow(ToolNotAllowedError);
  });

  it('holds the preview to its contract and the tool to its timeout', async () => {
    behaviour.preview = { target: '', changes: [{ field: 'price', current: new Date() }] };
    const broken = preview('shop.set-price', { sku: 'A', price: 1 });
    await expect(broken).rejects.toThrow(ContractError);
    await expect(broken).rejects.toThrow(/preview that breaks its contract: target/);
    behaviour.preview = undefined;
    behaviour.delayMs = 500;
    const slow = preview('shop.set-price', { sku: 'A', price: 1 });
    await expect(slow).rejects.toThrow(ToolTimeoutError);
    behaviour.delayMs = 0;
  });
});

describe('defineTool', () => {
  it('refuses a preview on a tool that writes nothing', () => {
    expect(() => defineTool({ ...readPrice, preview: setPrice.preview })).toThrow(
      /only a write or external tool has a preview/,
    );
  });
});

describe('the registered tools', () => {
  it('give every write and external tool a preview, and no other tool one', () => {
    const tools = toolRegistry.list();
    const writes = tools.filter((t) => t.sideEffect === 'write' || t.sideEffect === 'external');
    expect(writes.length).toBeGreaterThanOrEqual(18);
    expect(writes.filter((tool) => !tool.preview).map((tool) => tool.name)).toEqual([]);
    expect(tools.filter((t) => !writes.includes(t) && t.preview)).toEqual([]);
  });

  it('keep previews out of the catalogue the planner reads', () => {
    for (const entry of renderCatalogue(toolRegistry)) {
      expect(Object.keys(entry)).not.toContain('preview');
    }
  });

  it('show an http.post-json as its host and path with the body it would send', async () => {
    const body = { event: 'invoice.approved', id: 42 };
    expect(
      await previewWrite(
        toolRegistry,
        'http.post-json',
        { url: 'https://hooks.example.com/steward/events?x=1', body },
        { clients },
      ),
    ).toEqual({
      target: 'hooks.example.com/steward/events',
      changes: [{ field: 'request body', current: null, proposed: body }],
    });
    await expect(
      previewWrite(toolRegistry, 'http.post-json', { url: 'nope', body }, { clients }),
    ).rejects.toThrow(ToolInputError);
  });
});
