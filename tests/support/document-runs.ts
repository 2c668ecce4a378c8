// The document harness shared by the document tests and `npm run bench:validation`: the three
// real workflows on the embedded engine, the planner offline, and documents read by the real AI
// SDK provider talking to a local model server that replays the answer recorded for each
// document's text. A document goes in exactly as a requester hands it over (stored, attached
// to the run by requestRun), and each run is judged by what it did. Nothing here imports vitest.
import pg from 'pg';
import { extractDocumentText } from '../../server/documents/extract-text.ts';
import { storeDocument } from '../../server/documents/store.ts';
import { createWorkflowRegistry } from '../../server/engine/index.ts';
import { startWorker, type Worker } from '../../server/engine/worker.ts';
import {
  documentKey,
  type RecordedModelServer,
  startRecordedModelServer,
} from '../../server/models/recorded-model-server.ts';
import type { PlannerDeps } from '../../server/planner/planner.ts';
import { languageModelFor } from '../../server/planner/providers.ts';
import { correctReviewItem } from '../../server/review/correct.ts';
import { decideReviewItems } from '../../server/review/decide.ts';
import { requestRun } from '../../server/runs/request-run.ts';
import { seedSystemsOfRecord } from '../../server/systems/seed/index.ts';
import { toolRegistry } from '../../server/tools/index.ts';
import { documentReader } from '../../server/tools/model/read-document.ts';
import { addressChange } from '../../server/workflows/address-change/workflow.ts';
import { invoiceApproval } from '../../server/workflows/invoice-approval/workflow.ts';
import { leadEnrichment } from '../../server/workflows/lead-enrichment/workflow.ts';
import { definePlannedWorkflow } from '../../server/workflows/planned-workflow.ts';
import type { WorkflowServices } from '../../server/workflows/services.ts';

/** One document handed to a workflow, with the answer the recorded model gives for it. */
export interface DocumentCase {
  workflowId: string;
  bytes: Uint8Array;
  fileName: string;
  /** The fields no document carries (a lead's owner). */
  extraInput?: Record<string, unknown>;
  /** The recorded model answer (JSON, as a model writes it); null: the model has no answer. */
  answer: unknown;
}

/** A run as it settled. */
export interface SettledRun {
  runId: string;
  status: string;
  output: unknown;
  /** The pending review item, when the run waits for a person. */
  item: { id: string; stepId: string; reasons: { code: string; message: string }[] } | null;
}

export interface DocumentWorld {
  pool: pg.Pool;
  recorded: RecordedModelServer;
  people: { requester: string; reviewer: string };
  /** Stores the document, records the model's answer for its text and starts the run. */
  start(document: DocumentCase): Promise<string>;
  /** Waits until the run finished or waits for a person. */
  settle(runId: string, timeoutMs?: number): Promise<SettledRun>;
  /** Decides the run's pending item as the reviewer, then waits for the run to move on. */
  decide(
    run: SettledRun,
    verdict: 'approved' | 'rejected',
    reasonCode?: string,
  ): Promise<SettledRun>;
  /** Corrects fields of the run's pending item as the reviewer, then waits for it to move on. */
  correct(
    run: SettledRun,
    corrections: Record<string, string | number | null>,
  ): Promise<SettledRun>;
  close(): Promise<void>;
}

const SETTLED = ['succeeded', 'failed', 'dead', 'needs_review', 'cancelled', 'sleeping'];

/** Seeds the database at `url`, starts the recorded model and a worker. */
export async function startDocumentWorld(
  url: string,
  options: { seed?: boolean } = {},
): Promise<DocumentWorld> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on('error', () => {});
  if (options.seed !== false) await seedSystemsOfRecord(pool);
  const { rows } = await pool.query<{ id: string; role: string }>(
    `INSERT INTO users (email, name, role) VALUES
       ('doc.requester@example.com', 'Dora Requester', 'requester'),
       ('doc.reviewer@example.com', 'Remy Reviewer', 'reviewer')
     ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name
     RETURNING id, role`,
  );
  const people = {
    requester: rows.find((row) => row.role === 'requester')?.id ?? '',
    reviewer: rows.find((row) => row.role === 'reviewer')?.id ?? '',
  };
  const answers = new Map<string, string>();
  const recorded = await startRecordedModelServer((text) => answers.get(documentKey(text)) ?? null);
  const planner: PlannerDeps = {
    db: pool,
    registry: toolRegistry,
    chain: [{ provider: 'offline' }],
    modelFor: () => {
      throw new Error('the document runs plan offline');
    },
    timeoutMs: 10_000,
    maxAttempts: 1,
    retryBaseMs: 0,
  };
  const reader: PlannerDeps = {
    ...planner,
    chain: [
      { provider: 'openai-compatible', baseURL: recorded.url, model: 'recorded' },
      { provider: 'offline' },
    ],
    modelFor: (entry) => languageModelFor(entry, {}),
  };
  const services: WorkflowServices = {
    db: pool,
    tools: toolRegistry,
    clients: { db: pool, fetch: async () => new Response('{}'), models: documentReader(reader) },
    planner,
  };
  const registry = createWorkflowRegistry([
    definePlannedWorkflow(invoiceApproval, () => services),
    definePlannedWorkflow(leadEnrichment, () => services),
    definePlannedWorkflow(addressChange, () => services),
  ]);
  const worker: Worker = startWorker({
    connectionString: url,
    registry,
    pollIntervalMs: 25,
    leaseMs: 10_000,
    concurrency: 2,
  });
  const dispatch = { engine: 'embedded' as const, sendInngestEvent: async () => {} };

  async function settle(runId: string, timeoutMs = 30_000, notItem?: string): Promise<SettledRun> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const run = await pool.query<{ status: string; output: unknown }>(
        'SELECT status, output FROM runs WHERE id = $1',
        [runId],
      );
      const row = run.rows[0];
      if (row && SETTLED.includes(row.status)) {
        const items = await pool.query<{
          id: string;
          step_id: string;
          reasons: { code: string; message: string }[];
        }>(
          `SELECT id, step_id, reasons FROM review_items WHERE run_id = $1 AND status IN ('pending', 'escalated')`,
          [runId],
        );
        const item = items.rows[0];
        if (row.status !== 'needs_review' || (item && item.id !== notItem)) {
          return {
            runId,
            status: row.status,
            output: row.output,
            item: item ? { id: item.id, stepId: item.step_id, reasons: item.reasons } : null,
          };
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`run ${runId} did not settle in ${timeoutMs} ms`);
  }

  return {
    pool,
    recorded,
    people,
    async start(document) {
      const stored = await storeDocument(pool, {
        bytes: document.bytes,
        fileName: document.fileName,
        uploadedById: people.requester,
      });
      if (document.answer !== null) {
        const { text } = await extractDocumentText(document.bytes, { fileName: document.fileName });
        answers.set(
          documentKey(text),
          typeof document.answer === 'string' ? document.answer : JSON.stringify(document.answer),
        );
      }
      const { runId } = await requestRun(
        pool,
        registry,
        {
          workflowId: document.workflowId,
          input: { documentId: stored.id, ...document.extraInput },
          requestedById: people.requester,
        },
        dispatch,
      );
      return runId;
    },
    settle: (runId, timeoutMs) => settle(runId, timeoutMs),
    async decide(run, verdict, reasonCode) {
      if (!run.item) throw new Error(`run ${run.runId} waits for nobody`);
      const [result] = await decideReviewItems(pool, dispatch, {
        actorId: people.reviewer,
        decisions: [{ reviewItemId: run.item.id, verdict, reasonCode, timeOnItemMs: 1000 }],
      });
      if (!result?.ok) throw new Error(`the decision was refused: ${JSON.stringify(result)}`);
      return settle(run.runId, 30_000, run.item.id);
    },
    async correct(run, corrections) {
      if (!run.item) throw new Error(`run ${run.runId} waits for nobody`);
      await correctReviewItem(pool, { registry: toolRegistry, dispatch }, people.reviewer, {
        reviewItemId: run.item.id,
        corrections,
      });
      return settle(run.runId, 30_000, run.item.id);
    },
    async close() {
      await worker.stop();
      await recorded.close();
      await pool.end();
    },
  };
}
