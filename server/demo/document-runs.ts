/**
 * The demo day's document runs: real runs of the three workflows, each handed a document (a
 * vendor's invoice by e-mail, a customer's e-mail about a move, a salesperson's note), executed
 * by the real engine while a local recorded model reads them, so a newcomer finds runs whose
 * values are highlighted in their documents: one approved on its own, one whose misread IBAN
 * waits for a person to correct it, one whose bank details differ from the vendor's record, a
 * customer moved, an e-mail that speaks to the machine, a lead filed. The model calls are
 * recorded as they happened (`openai-compatible:…#recorded`).
 */
import type pg from 'pg';
import { storeDocument } from '../documents/store.ts';
import { createWorkflowRegistry } from '../engine/define-workflow.ts';
import { startWorker } from '../engine/worker.ts';
import { documentKey, startRecordedModelServer } from '../models/recorded-model-server.ts';
import type { PlannerDeps } from '../planner/planner.ts';
import { languageModelFor } from '../planner/providers.ts';
import { requestRun } from '../runs/request-run.ts';
import { toolRegistry } from '../tools/index.ts';
import { documentReader } from '../tools/model/read-document.ts';
import { addressChange } from '../workflows/address-change/workflow.ts';
import { invoiceApproval } from '../workflows/invoice-approval/workflow.ts';
import { leadEnrichment } from '../workflows/lead-enrichment/workflow.ts';
import { definePlannedWorkflow } from '../workflows/planned-workflow.ts';
import type { WorkflowServices } from '../workflows/services.ts';
import { demoDocuments } from './documents.ts';
import type { TDemoActors } from './seed-demo-day.ts';

/** Runs still moving after this long are left to the app's workers. */
const SETTLE_MS = 60_000;

/**
 * Starts the demo's document runs and works them until each finished or waits for a person.
 * Returns how many runs it started. Call it before the inserted demo day (its worker would take
 * that day's queued runs too).
 */
export async function seedDemoDocumentRuns(pool: pg.Pool, actors: TDemoActors): Promise<number> {
  const connectionString = pool.options.connectionString;
  if (!connectionString)
    throw new Error('The demo document runs need the pool’s connection string');
  const documents = await demoDocuments(pool);
  const answers = new Map(
    documents.map((document) => [
      documentKey(document.text),
      JSON.stringify(document.answer(document.text)),
    ]),
  );
  const recorded = await startRecordedModelServer((text) => answers.get(documentKey(text)) ?? null);
  const planner: PlannerDeps = {
    db: pool,
    registry: toolRegistry,
    chain: [{ provider: 'offline' }],
    modelFor: (entry) => languageModelFor(entry, {}),
    timeoutMs: 30_000,
    maxAttempts: 1,
    retryBaseMs: 0,
  };
  const services: WorkflowServices = {
    db: pool,
    tools: toolRegistry,
    clients: {
      db: pool,
      fetch: async () => new Response('{}'),
      models: documentReader({
        ...planner,
        chain: [{ provider: 'openai-compatible', baseURL: recorded.url, model: 'recorded' }],
      }),
    },
    planner,
  };
  const registry = createWorkflowRegistry([
    definePlannedWorkflow(invoiceApproval, () => services),
    definePlannedWorkflow(leadEnrichment, () => services),
    definePlannedWorkflow(addressChange, () => services),
  ]);
  const worker = startWorker({
    connectionString,
    registry,
    pollIntervalMs: 50,
    leaseMs: 30_000,
    concurrency: 2,
  });
  const runIds: string[] = [];
  try {
    for (const document of documents) {
      const stored = await storeDocument(pool, {
        bytes: new TextEncoder().encode(document.source),
        fileName: document.fileName,
        uploadedById: actors.requesterId,
      });
      const { runId } = await requestRun(
        pool,
        registry,
        {
          workflowId: document.workflowId,
          input: { documentId: stored.id, ...document.extraInput },
          requestedById: actors.requesterId,
        },
        { engine: 'embedded', sendInngestEvent: async () => {} },
      );
      runIds.push(runId);
    }
    const deadline = Date.now() + SETTLE_MS;
    while (Date.now() < deadline) {
      const { rows } = await pool.query<{ moving: string }>(
        `SELECT count(*) AS moving FROM runs WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'running')`,
        [runIds],
      );
      if (Number(rows[0]?.moving ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await worker.stop();
    await recorded.close();
  }
  return runIds.length;
}
