// Hostile model answers and hostile documents through the real pipeline (the three workflows on
// the embedded engine, the real AI SDK provider replaying each answer, grounding, the document
// stage, the injection check, the cross-checks, the gate and the writes): for every case of
// tests/fixtures/documents/hostile-answers.ts, the attacker does not get what they wanted. The
// run does not die; the records the case guards are untouched, or changed only to the values
// the document truly gives; and a case that says so waits for a person (or is turned down).
//
// A case that fails here is a finding: a wrong value reached a write with nobody involved.
// HOSTILE_REPORT=<file> writes what each run did (status, the checks that failed, the changes).
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  HOSTILE_CASES,
  type HostileCase,
  HostileRecords,
  type THostileGuard,
  type TWrittenAddress,
} from '../fixtures/documents/hostile-answers.ts';
import { canonicalJson } from '../support/canonical-json.ts';
import { testDatabaseUrl } from '../support/database.ts';
import {
  type DocumentWorld,
  type SettledRun,
  startDocumentWorld,
} from '../support/document-runs.ts';

let world: DocumentWorld;
let records: HostileRecords;

beforeAll(async () => {
  world = await startDocumentWorld(testDatabaseUrl);
  records = new HostileRecords(world.pool);
  // The invoice cases share the seed's few invoices that are approved without a person: the ERP's
  // invoices are put back as seeded after each case.
  await world.pool.query(
    `CREATE TABLE hostile_seed_invoices AS
       SELECT id, status, hold_reason, approved_at, approved_by, pay_to_iban, paid_at FROM erp.invoices`,
  );
}, 60_000);

afterEach(async () => {
  await world.pool.query(
    `UPDATE erp.invoices i SET status = s.status, hold_reason = s.hold_reason,
            approved_at = s.approved_at, approved_by = s.approved_by,
            pay_to_iban = s.pay_to_iban, paid_at = s.paid_at
       FROM hostile_seed_invoices s
      WHERE s.id = i.id
        AND (i.status, i.hold_reason, i.approved_by, i.pay_to_iban)
            IS DISTINCT FROM (s.status, s.hold_reason, s.approved_by, s.pay_to_iban)`,
  );
});

interface CaseReport {
  name: string;
  workflow: string;
  status: string;
  outcome: string | null;
  /** Review reasons, failed validation rules and turn-down reasons, by code. */
  caughtBy: string[];
  /** What the review items and the failed rules said. */
  messages: string[];
  changes: string[];
  violations: string[];
}

const reports: CaseReport[] = [];

afterAll(async () => {
  const file = process.env.HOSTILE_REPORT;
  if (file) writeFileSync(file, `${JSON.stringify(reports, null, 2)}\n`);
  await world?.close();
});

// ─── The guarded records, before and after ──────────────────────────────────────────────────────

type Row = Record<string, unknown>;
type Snapshot = Map<string, Row>;

async function snapshot(guard: THostileGuard): Promise<Snapshot> {
  const rows = new Map<string, Row>();
  if (guard.kind === 'invoices') {
    const { rows: found } = await world.pool.query(
      `SELECT id, status, approved_by, pay_to_iban, hold_reason FROM erp.invoices
        WHERE id = ANY($1::uuid[])`,
      [guard.invoiceIds],
    );
    for (const row of found) rows.set(`invoice ${row.id}`, row);
  } else if (guard.kind === 'customers') {
    const { rows: found } = await world.pool.query(
      `SELECT 'billing ' || customer_number AS key, customer_number, billing_line1 AS line1,
              billing_line2 AS line2, billing_city AS city, billing_postal_code AS postal_code,
              billing_region AS region, billing_country AS country
         FROM billing.customers WHERE customer_number = ANY($1)
       UNION ALL
       SELECT 'crm ' || ct.email, c.customer_number, ct.line1, ct.line2, ct.city, ct.postal_code,
              ct.region, ct.country
         FROM billing.customers c JOIN crm.contacts ct ON ct.account_id = c.crm_account_id
        WHERE c.customer_number = ANY($1)
       UNION ALL
       SELECT 'shipping ' || p.id, p.customer_reference, p.line1, p.line2, p.city, p.postal_code,
              p.region, p.country
         FROM shipping.delivery_profiles p WHERE p.customer_reference = ANY($1)`,
      [guard.customerNumbers],
    );
    for (const row of found) rows.set(String(row.key), row);
  } else {
    const { rows: found } = await world.pool.query(
      `SELECT 'account ' || a.domain AS key, a.domain, a.name, a.owner, a.industry, a.country,
              a.employee_count, a.lead_score, a.lifecycle_stage,
              NULL::text AS email, NULL::text AS first_name, NULL::text AS last_name, NULL::text AS title
         FROM crm.accounts a WHERE a.domain = ANY($1)
       UNION ALL
       SELECT 'contact ' || c.email, a.domain, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
              c.email, c.first_name, c.last_name, c.title
         FROM crm.contacts c JOIN crm.accounts a ON a.id = c.account_id
        WHERE a.domain = ANY($1) OR split_part(c.email, '@', 2) = ANY($1)`,
      [guard.domains],
    );
    for (const row of found) rows.set(String(row.key), row);
  }
  return rows;
}

const sameRow = (a: Row | undefined, b: Row | undefined) => canonicalJson(a) === canonicalJson(b);

/** The rows that appeared or changed, as "key: before → after". */
function changesOf(
  before: Snapshot,
  after: Snapshot,
): [string, Row | undefined, Row | undefined][] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys]
    .filter((key) => !sameRow(before.get(key), after.get(key)))
    .map((key) => [key, before.get(key), after.get(key)]);
}

function addressOf(row: Row | undefined): TWrittenAddress | null {
  if (!row) return null;
  return {
    line1: String(row.line1),
    line2: (row.line2 as string | null) ?? null,
    city: String(row.city),
    postalCode: String(row.postal_code),
    region: (row.region as string | null) ?? null,
    country: String(row.country),
  };
}

const today = () => new Date().toISOString().slice(0, 10);

/** Why each change is not one the document truly asks for (empty: every change is right). */
function wrongChanges(
  guard: THostileGuard,
  changes: [string, Row | undefined, Row | undefined][],
): string[] {
  const wrong: string[] = [];
  for (const [key, before, after] of changes) {
    const shown = `${key}: ${JSON.stringify(before ?? null)} → ${JSON.stringify(after ?? null)}`;
    if (guard.kind === 'invoices') {
      const correct = guard.correct;
      const ok =
        correct !== null &&
        key === `invoice ${correct.invoiceId}` &&
        before?.status === 'received' &&
        after?.status === 'approved' &&
        (after?.pay_to_iban ?? null) === correct.payToIban;
      if (!ok) wrong.push(shown);
    } else if (guard.kind === 'customers') {
      const correct = guard.correct;
      const ok =
        correct !== null &&
        after?.customer_number === correct.customerNumber &&
        canonicalJson(addressOf(after)) === canonicalJson(correct.address) &&
        (correct.effectiveDate === null || correct.effectiveDate <= today());
      if (!ok) wrong.push(shown);
    } else {
      const correct = guard.correct;
      const ok =
        correct !== null &&
        after !== undefined &&
        after.domain === correct.domain &&
        (key.startsWith('account ')
          ? before === undefined
          : after.email === correct.email &&
            after.first_name === correct.firstName &&
            after.last_name === correct.lastName &&
            (after.title ?? null) === correct.title);
      if (!ok) wrong.push(shown);
    }
  }
  return wrong;
}

/** What a sleeping run will write when it wakes, from its last reading, if it is wrong. */
async function wrongSchedule(runId: string, guard: THostileGuard): Promise<string | null> {
  const { rows } = await world.pool.query<{ fields: { field: string; value: unknown }[] }>(
    'SELECT fields FROM document_readings WHERE run_id = $1 ORDER BY round DESC LIMIT 1',
    [runId],
  );
  const values = Object.fromEntries((rows[0]?.fields ?? []).map((f) => [f.field, f.value]));
  const shown = `the run sleeps until ${String(values.effectiveDate)} to write ${JSON.stringify(values)}`;
  if (guard.kind !== 'customers' || guard.correct === null) return shown;
  const { correct } = guard;
  const scheduled = {
    line1: values.line1,
    line2: values.line2 ?? null,
    city: values.city,
    postalCode: values.postalCode,
    region: values.region ?? null,
    country: values.country,
  };
  return values.customerNumber === correct.customerNumber &&
    canonicalJson(scheduled) === canonicalJson(correct.address) &&
    values.effectiveDate === correct.effectiveDate
    ? null
    : shown;
}

/** The checks that spoke up in the run: review reasons, failed rules, turn-down reasons. */
async function caughtBy(run: SettledRun): Promise<string[]> {
  const failed = await world.pool.query<{ rule: string }>(
    'SELECT DISTINCT rule FROM validation_results WHERE run_id = $1 AND NOT passed ORDER BY rule',
    [run.runId],
  );
  const items = await world.pool.query<{ reasons: { code: string }[] }>(
    'SELECT reasons FROM review_items WHERE run_id = $1',
    [run.runId],
  );
  const output = run.output as { reasons?: { code: string }[] } | null;
  return [
    ...new Set([
      ...failed.rows.map((row) => `rule:${row.rule}`),
      ...items.rows.flatMap((item) => item.reasons.map((reason) => `review:${reason.code}`)),
      ...(output?.reasons ?? []).map((reason) => `turned-down:${reason.code}`),
    ]),
  ];
}

/** The messages of the run's review reasons and failed rules (for the report). */
async function messagesOf(run: SettledRun): Promise<string[]> {
  const { rows } = await world.pool.query<{ message: string }>(
    `SELECT rule || ': ' || message AS message FROM validation_results
      WHERE run_id = $1 AND NOT passed
     UNION
     SELECT r->>'code' || ': ' || (r->>'message') FROM review_items i,
            jsonb_array_elements(i.reasons) r WHERE i.run_id = $1`,
    [run.runId],
  );
  return rows.map((row) => row.message.slice(0, 300));
}

// ─── One case ───────────────────────────────────────────────────────────────────────────────────

async function runCase(hostile: HostileCase): Promise<CaseReport> {
  const built = await hostile.build(records);
  const before = await snapshot(built.guard);
  const report: CaseReport = {
    name: hostile.name,
    workflow: hostile.workflow,
    status: 'not started',
    outcome: null,
    caughtBy: [],
    messages: [],
    changes: [],
    violations: [],
  };
  const document = {
    workflowId: hostile.workflow,
    bytes: built.bytes,
    fileName: built.fileName,
    extraInput: built.extraInput,
    answer: built.answer,
  };
  if (hostile.refusedAtUpload) {
    const runsBefore = await world.pool.query('SELECT count(*)::int AS n FROM runs');
    const refusal = await world.start(document).then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    const runsAfter = await world.pool.query('SELECT count(*)::int AS n FROM runs');
    report.status = refusal === null ? 'started' : 'refused at upload';
    report.caughtBy = refusal === null ? [] : [`upload:${refusal}`];
    if (refusal === null || !hostile.refusedAtUpload.test(refusal)) {
      report.violations.push(
        `the document was not refused as expected (${refusal ?? 'a run started'})`,
      );
    }
    if (runsAfter.rows[0]?.n !== runsBefore.rows[0]?.n) report.violations.push('a run started');
    return report;
  }

  const runId = await world.start(document);
  const run = await world.settle(runId, 90_000);
  const after = await snapshot(built.guard);
  const changes = changesOf(before, after);
  const outcome = (run.output as { outcome?: string } | null)?.outcome ?? null;
  report.status = run.status;
  report.outcome = outcome;
  report.caughtBy = await caughtBy(run);
  report.messages = await messagesOf(run);
  report.changes = changes.map(
    ([key, from, to]) => `${key}: ${JSON.stringify(from ?? null)} → ${JSON.stringify(to ?? null)}`,
  );

  if (run.status === 'failed' || run.status === 'dead') {
    report.violations.push(`the run died (${run.status})`);
  }
  report.violations.push(
    ...wrongChanges(built.guard, changes).map((change) => `written: ${change}`),
  );
  if (run.status === 'sleeping') {
    const wrong = await wrongSchedule(runId, built.guard);
    if (wrong) report.violations.push(`scheduled with nobody involved: ${wrong}`);
  }
  const wroteAlone =
    (run.status === 'succeeded' && outcome === 'completed') || run.status === 'sleeping';
  if (hostile.mustReachPerson && wroteAlone) {
    report.violations.push(
      `no person was asked (${run.status}${outcome ? `, ${outcome}` : ''}; checks that spoke up: ${report.caughtBy.join(', ') || 'none'})`,
    );
  }
  return report;
}

describe('hostile answers and documents do not get a wrong value written', () => {
  const byWorkflow = new Map<string, HostileCase[]>();
  for (const hostile of HOSTILE_CASES) {
    byWorkflow.set(hostile.workflow, [...(byWorkflow.get(hostile.workflow) ?? []), hostile]);
  }
  for (const [workflow, cases] of byWorkflow) {
    describe(workflow, () => {
      for (const hostile of cases) {
        it(hostile.name, async () => {
          const report = await runCase(hostile);
          reports.push(report);
          expect(
            report.violations,
            `${hostile.wanted}\nMeant to be stopped by: ${hostile.check}\nRun: ${report.status}${report.outcome ? ` (${report.outcome})` : ''}; checks that spoke up: ${report.caughtBy.join(', ') || 'none'}`,
          ).toEqual([]);
        }, 120_000);
      }
    });
  }

  it('no answer polluted an object prototype', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });
});
