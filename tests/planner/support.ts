// Set-up of the planner tests: a seeded database of the file's own, the two local model servers
// (OpenAI and Anthropic wire formats), the real invoice-approval planning behind a planned
// workflow on the embedded engine, and queries of what the runs recorded.
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createWorkflowRegistry, defineWorkflow, startRun } from '../../server/engine/index.ts';
import type { PlannerEntry } from '../../server/planner/chain.ts';
import type { PlannerDeps } from '../../server/planner/planner.ts';
import { languageModelFor } from '../../server/planner/providers.ts';
import { seedSystemsOfRecord } from '../../server/systems/seed/index.ts';
import { toolRegistry } from '../../server/tools/index.ts';
import { ZInvoiceApprovalInputSchema } from '../../server/workflows/invoice-approval/input.ts';
import { invoiceApprovalPlanning } from '../../server/workflows/invoice-approval/planning.ts';
import { planAndRead } from '../../server/workflows/planned-workflow.ts';
import type { WorkflowServices } from '../../server/workflows/services.ts';
import { testWorker, waitForRun } from '../engine/support.ts';
import type { InvoiceSubject } from '../fixtures/planner-corpus.ts';
import { testDatabaseUrl } from '../support/database.ts';
import {
  type FakeModelServer,
  startFakeModelServer,
  type Wire,
} from '../support/fake-model-server.ts';

/** A key the providers send; it must never reach a prompt, a record or a log. */
export const SECRET_KEY = 'sk-test-secret-4f1c9a';

export const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 6 });
pool.on('error', () => {});

const started: Partial<Record<Wire, FakeModelServer>> = {};

/** The local model server of that wire format (started before the file's tests). */
export function server(wire: Wire): FakeModelServer {
  const found = started[wire];
  if (!found) throw new Error(`the ${wire} server has not started`);
  return found;
}

export const OPENAI: PlannerEntry = { provider: 'openai', model: 'gpt-test' };
export const ANTHROPIC: PlannerEntry = { provider: 'anthropic', model: 'claude-test' };
export const OFFLINE: PlannerEntry = { provider: 'offline' };

/** The planner the next runs use; each test sets its chain. */
const current: { deps: PlannerDeps | null } = { deps: null };

export function usePlanner(chain: PlannerEntry[], overrides: Partial<PlannerDeps> = {}) {
  current.deps = {
    db: pool,
    registry: toolRegistry,
    chain,
    modelFor: (entry) =>
      languageModelFor(entry, {
        ANTHROPIC_API_KEY: SECRET_KEY,
        ANTHROPIC_BASE_URL: server('anthropic').url,
        OPENAI_API_KEY: SECRET_KEY,
        OPENAI_BASE_URL: server('openai').url,
        OPENAI_COMPATIBLE_API_KEY: SECRET_KEY,
      }),
    timeoutMs: 2_000,
    maxAttempts: 3,
    retryBaseMs: 5,
    ...overrides,
  };
}

function services(): WorkflowServices {
  if (!current.deps) throw new Error('call usePlanner() first');
  return {
    db: pool,
    tools: toolRegistry,
    clients: { db: pool, fetch: async () => new Response('{}') },
    planner: current.deps,
  };
}

const invoiceSpec = {
  id: 'invoice-approval',
  title: 'Invoice approval',
  planning: invoiceApprovalPlanning,
  unplannedReviewTimeout: '1d',
} as const;

/** Invoice approval up to its reads: what the planner decides, and nothing after it. */
export const invoiceWorkflow = defineWorkflow({
  id: invoiceSpec.id,
  version: 1,
  title: invoiceSpec.title,
  description: 'Plans the invoice checks and runs its reads (the planner tests).',
  input: ZInvoiceApprovalInputSchema,
  run: ({ input, step }) => planAndRead(invoiceSpec, services(), { input, step }),
});
export const registry = createWorkflowRegistry([invoiceWorkflow]);

/** A received invoice with a purchase order, from the seeded ERP. */
export const invoice: InvoiceSubject = { vendorNumber: '', invoiceNumber: '' };

beforeAll(async () => {
  started.openai = await startFakeModelServer('openai');
  started.anthropic = await startFakeModelServer('anthropic');
  await seedSystemsOfRecord(pool);
  const { rows } = await pool.query<{ vendor_number: string; invoice_number: string }>(
    `SELECT v.vendor_number, i.invoice_number FROM erp.invoices i JOIN erp.vendors v ON v.id = i.vendor_id
     WHERE i.status = 'received' AND i.po_id IS NOT NULL AND v.status = 'active'
     ORDER BY i.invoice_number LIMIT 1`,
  );
  const row = rows[0];
  if (!row) throw new Error('the seed has no received invoice with a PO');
  Object.assign(invoice, { vendorNumber: row.vendor_number, invoiceNumber: row.invoice_number });
});
afterEach(() => {
  for (const fake of Object.values(started)) fake.requests.length = 0;
});
afterAll(async () => {
  await Promise.all(Object.values(started).map((fake) => fake.close()));
  await pool.end();
});

/** Starts an invoice-approval run and waits until it finishes or waits for a person. */
export async function planInvoiceRun(input: Record<string, unknown> = {}) {
  testWorker(registry);
  const { runId } = await startRun(pool, registry, {
    workflowId: 'invoice-approval',
    input: { ...invoice, ...input },
  });
  const run = await waitForRun(runId, ['succeeded', 'waiting', 'dead']);
  return { runId, run };
}

export interface ModelCallRow {
  provider: string;
  model: string;
  prompt: { system: string; messages: { role: string; content: string }[] };
  raw_response: string | null;
  parsed_plan: unknown;
  check_results: { ok: boolean; problems: { code: string; message: string }[] } | null;
  input_tokens: number | null;
  output_tokens: number | null;
  latency_ms: number;
  error: { errorClass: string; statusCode: number | null; retriable: boolean } | null;
}

/** The run's model calls, oldest first. */
export async function modelCallsOf(runId: string): Promise<ModelCallRow[]> {
  const { rows } = await pool.query<ModelCallRow>(
    `SELECT provider, model, prompt, raw_response, parsed_plan, check_results, input_tokens,
            output_tokens, latency_ms, error
     FROM model_calls WHERE run_id = $1 ORDER BY created_at, id`,
    [runId],
  );
  return rows;
}

/** The run's steps that executed a tool. */
export async function toolStepsOf(runId: string): Promise<string[]> {
  const { rows } = await pool.query<{ step_id: string }>(
    `SELECT step_id FROM step_checkpoints WHERE run_id = $1 AND kind = 'tool' ORDER BY started_at`,
    [runId],
  );
  return rows.map((row) => row.step_id);
}

/** The invoice's ERP row, to show nothing was written to it. */
export async function invoiceRow() {
  const { rows } = await pool.query(
    `SELECT i.status, i.approved_by, i.hold_reason, i.approved_at FROM erp.invoices i
     JOIN erp.vendors v ON v.id = i.vendor_id WHERE v.vendor_number = $1 AND i.invoice_number = $2`,
    [invoice.vendorNumber, invoice.invoiceNumber],
  );
  return rows[0];
}
