// Set-up of the workflow tests: a seeded database of the file's own, the three workflows on the
// embedded engine with the offline planners, a reviewer and a requester, and helpers to drive
// runs, decide review items and inject faults into the systems of record (real triggers).
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createWorkflowRegistry, startRun } from '../../server/engine/index.ts';
import type { PlannerDeps } from '../../server/planner/planner.ts';
import { decideReviewItems } from '../../server/review/decide.ts';
import { seedSystemsOfRecord } from '../../server/systems/seed/index.ts';
import { toolRegistry } from '../../server/tools/index.ts';
import { addressChange } from '../../server/workflows/address-change/workflow.ts';
import { invoiceApproval } from '../../server/workflows/invoice-approval/workflow.ts';
import { leadEnrichment } from '../../server/workflows/lead-enrichment/workflow.ts';
import { definePlannedWorkflow } from '../../server/workflows/planned-workflow.ts';
import type { WorkflowServices } from '../../server/workflows/services.ts';
import { type RunRow, testWorker, waitForRun } from '../engine/support.ts';
import { testDatabaseUrl } from '../support/database.ts';

export const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 8 });
pool.on('error', () => {});

const planner: PlannerDeps = {
  db: pool,
  registry: toolRegistry,
  chain: [{ provider: 'offline' }],
  modelFor: () => {
    throw new Error('the workflow tests plan offline');
  },
  timeoutMs: 1_000,
  maxAttempts: 1,
  retryBaseMs: 0,
};
const services: WorkflowServices = {
  db: pool,
  tools: toolRegistry,
  clients: { db: pool, fetch: async () => new Response('{}') },
  planner,
};
export const registry = createWorkflowRegistry([
  definePlannedWorkflow(invoiceApproval, () => services),
  definePlannedWorkflow(leadEnrichment, () => services),
  definePlannedWorkflow(addressChange, () => services),
]);

/** A person who asks for runs, and one who reviews them (four-eyes: never the same). */
export const people = { requester: '', reviewer: '' };

beforeAll(async () => {
  await seedSystemsOfRecord(pool);
  const { rows } = await pool.query<{ id: string; role: string }>(
    `INSERT INTO users (email, name, role) VALUES
       ('rita.requester@example.com', 'Rita Requester', 'requester'),
       ('rob.reviewer@example.com', 'Rob Reviewer', 'reviewer')
     RETURNING id, role`,
  );
  people.requester = rows.find((row) => row.role === 'requester')?.id ?? '';
  people.reviewer = rows.find((row) => row.role === 'reviewer')?.id ?? '';
});
afterAll(async () => {
  await pool.end();
});

/** Where a run stops for the test to look: finished, waiting for a person, or dead. */
export const SETTLED = ['succeeded', 'failed', 'dead', 'needs_review', 'cancelled'];

/** Starts a run requested by the requester and waits until it settles. */
export async function startAndSettle(workflowId: string, input: unknown): Promise<RunRow> {
  testWorker(registry);
  const { runId } = await startRun(pool, registry, {
    workflowId,
    input,
    requestedById: people.requester,
  });
  return waitForRun(runId, SETTLED, 30_000);
}

/** The run's pending review item. */
export async function pendingItem(runId: string) {
  const { rows } = await pool.query(
    `SELECT id, step_id, risk, reasons, proposed_writes, writes_hash FROM review_items
     WHERE run_id = $1 AND status IN ('pending', 'escalated')`,
    [runId],
  );
  if (rows.length !== 1) throw new Error(`run ${runId} has ${rows.length} pending review items`);
  return rows[0];
}

/** Decides the item as the reviewer and waits for the run to settle again. */
export async function decide(
  runId: string,
  reviewItemId: string,
  verdict: 'approved' | 'rejected',
  reasonCode?: string,
): Promise<RunRow> {
  testWorker(registry);
  const [result] = await decideReviewItems(
    pool,
    { engine: 'embedded', sendInngestEvent: async () => {} },
    {
      actorId: people.reviewer,
      decisions: [{ reviewItemId, verdict, reasonCode, timeOnItemMs: 1200 }],
    },
  );
  if (!result?.ok) throw new Error(`the decision was refused: ${JSON.stringify(result)}`);
  // The event queued the run; wait until it ran past the decision: it finished, or waits on
  // another review item.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const run = await waitForRun(runId, SETTLED, 30_000);
    if (run.status !== 'needs_review') return run;
    const { rows } = await pool.query(
      `SELECT id FROM review_items WHERE run_id = $1 AND status IN ('pending', 'escalated') AND id <> $2`,
      [runId, reviewItemId],
    );
    if (rows.length > 0) return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not move on after the decision`);
}

/** The run's recorded validation results, by rule. */
export async function validationOf(runId: string): Promise<Record<string, boolean>> {
  const { rows } = await pool.query<{ rule: string; passed: boolean }>(
    'SELECT rule, passed FROM validation_results WHERE run_id = $1',
    [runId],
  );
  return Object.fromEntries(rows.map((row) => [row.rule, row.passed]));
}

/** The run's checkpoints: step id to status and attempts. */
export async function stepsOf(runId: string) {
  const { rows } = await pool.query<{
    step_id: string;
    kind: string;
    status: string;
    attempt_count: number;
  }>(
    'SELECT step_id, kind, status, attempt_count FROM step_checkpoints WHERE run_id = $1 ORDER BY started_at, step_id',
    [runId],
  );
  return rows;
}

/**
 * Makes `table` refuse updates (or `events`; a real trigger in the system of record): the first
 * `times` of them fail, then it works again (`times` = Infinity: it never does). Returns the remover.
 */
export async function failUpdates(
  table: string,
  times: number,
  message: string,
  events: 'UPDATE' | 'INSERT' | 'INSERT OR UPDATE' = 'UPDATE',
) {
  const name = `fault_${table.replace('.', '_')}`;
  const limit = Number.isFinite(times) ? times : 1_000_000;
  // A sequence counts the attempts: nextval is not rolled back with the failing transaction.
  await pool.query(
    `DROP SEQUENCE IF EXISTS public.${name}_seq; CREATE SEQUENCE public.${name}_seq`,
  );
  await pool.query(`
    CREATE OR REPLACE FUNCTION public.${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('public.${name}_seq') <= ${limit} THEN
        RAISE EXCEPTION '${message}';
      END IF;
      RETURN NEW;
    END $$;
    DROP TRIGGER IF EXISTS ${name} ON ${table};
    CREATE TRIGGER ${name} BEFORE ${events} ON ${table} FOR EACH ROW EXECUTE FUNCTION public.${name}();`);
  return async () => {
    await pool.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
  };
}
