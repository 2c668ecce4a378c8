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
export const services: WorkflowServices = {
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
    `SELECT id, step_id, risk, reasons, proposed_writes, writes_hash, summary FROM review_items
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

/**
 * The writes the systems of record applied for the run (their idempotency keys start with the
 * run's id), as tool names in the order they were applied, across the CRM, billing, shipping and
 * the ERP.
 */
export async function appliedWritesOf(runId: string): Promise<string[]> {
  const { rows } = await pool.query<{ tool: string }>(
    `SELECT tool, applied_at FROM crm.applied_writes WHERE idempotency_key LIKE $1
     UNION ALL SELECT tool, applied_at FROM billing.applied_writes WHERE idempotency_key LIKE $1
     UNION ALL SELECT tool, applied_at FROM shipping.applied_writes WHERE idempotency_key LIKE $1
     UNION ALL SELECT tool, applied_at FROM erp.applied_writes WHERE idempotency_key LIKE $1
     ORDER BY applied_at`,
    [`${runId}:%`],
  );
  return rows.map((row) => row.tool);
}

/** The run's dead letters: the step, its message and how many attempts it had. */
export async function deadLettersOf(runId: string) {
  const { rows } = await pool.query<{ step_id: string; message: string; attempts: number }>(
    'SELECT step_id, message, attempts FROM dead_letters WHERE run_id = $1 ORDER BY created_at',
    [runId],
  );
  return rows;
}

/** When each of the run's steps started (ms since the epoch); throws for a step it never ran. */
export async function startedAtOf(runId: string): Promise<(stepId: string) => number> {
  const { rows } = await pool.query<{ step_id: string; started_at: Date }>(
    'SELECT step_id, started_at FROM step_checkpoints WHERE run_id = $1',
    [runId],
  );
  const times = new Map(rows.map((row) => [row.step_id, row.started_at.getTime()]));
  return (stepId: string) => {
    const time = times.get(stepId);
    if (time === undefined) throw new Error(`run ${runId} has no step ${stepId}`);
    return time;
  };
}

/** The columns of an address in the systems of record, in the tools' order. */
export const ADDRESS_FIELDS = [
  'line1',
  'line2',
  'city',
  'postal_code',
  'region',
  'country',
] as const;

/** A customer known to the CRM, billing and shipping, and the contact who moves with it. */
export interface Customer {
  customerNumber: string;
  contactEmail: string;
  contactId: string;
  profileId: string;
  country: string;
}

/** The customers pickCustomer handed out in this test file, so each test has its own. */
const used: string[] = [];

/**
 * A seeded customer known to all three systems, not used by an earlier test: a billing customer
 * with a CRM account (the only one for it), a contact with an address at that account, and a
 * default delivery profile. `country` picks its billing country.
 */
export async function pickCustomer(country: string | null = null): Promise<Customer> {
  const { rows } = await pool.query<Customer>(
    `SELECT c.customer_number AS "customerNumber", ct.email AS "contactEmail",
            ct.id AS "contactId", p.id AS "profileId", c.billing_country AS country
       FROM billing.customers c
       JOIN LATERAL (SELECT id, email FROM crm.contacts
                      WHERE account_id = c.crm_account_id AND line1 IS NOT NULL
                      ORDER BY email LIMIT 1) ct ON TRUE
       JOIN shipping.delivery_profiles p ON p.customer_reference = c.customer_number AND p.is_default
      WHERE c.crm_account_id IS NOT NULL
        AND (SELECT count(*) FROM billing.customers o WHERE o.crm_account_id = c.crm_account_id) = 1
        AND c.customer_number <> ALL($1::text[])
        AND ($2::text IS NULL OR c.billing_country = $2)
      ORDER BY c.customer_number LIMIT 1`,
    [used, country],
  );
  const customer = rows[0];
  if (!customer)
    throw new Error(`the seed has no unused linked customer in ${country ?? 'any country'}`);
  used.push(customer.customerNumber);
  return customer;
}

/** The one row `sql` finds for `value`. */
async function onlyRow(sql: string, value: string): Promise<pg.QueryResultRow> {
  const { rows } = await pool.query(sql, [value]);
  if (!rows[0]) throw new Error(`no row for ${value}`);
  return rows[0];
}

/** The customer's rows in the CRM, billing and shipping, every column. */
export async function recordsOf(customer: Customer) {
  return {
    crm: await onlyRow('SELECT * FROM crm.contacts WHERE id = $1', customer.contactId),
    billing: await onlyRow(
      'SELECT * FROM billing.customers WHERE customer_number = $1',
      customer.customerNumber,
    ),
    shipping: await onlyRow(
      'SELECT * FROM shipping.delivery_profiles WHERE id = $1',
      customer.profileId,
    ),
  };
}

/** The address held in `row`'s `<prefix>line1` … `<prefix>country` columns. */
function addressOf(row: pg.QueryResultRow, prefix = '') {
  return Object.fromEntries(
    ADDRESS_FIELDS.map((field) => [field, row[`${prefix}${field}`] ?? null]),
  );
}

/** The address each system holds for the customer. */
export async function addressesOf(customer: Customer) {
  const records = await recordsOf(customer);
  return {
    crm: addressOf(records.crm),
    billing: addressOf(records.billing, 'billing_'),
    shipping: addressOf(records.shipping),
  };
}
