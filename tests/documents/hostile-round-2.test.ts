// Round 2 of hostile answers and documents through the real pipeline (the three workflows on the
// embedded engine, the real AI SDK provider replaying each answer, grounding, the document stage,
// the injection check, the cross-checks, the gate, the writes, and the reviewer's corrections):
// for every case of tests/fixtures/documents/hostile-round-2.ts, an attacker does not get what
// they wanted, and an honest document is worked without a person, writing what it says.
//
// A case that fails here is a finding: a wrong value reached a write with nobody involved, a run
// died, or an honest document could not be worked without a person (a false positive).
// HOSTILE_REPORT=<file> writes what each run did (status, the checks that spoke up, the changes).
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ROUND_2_CASES,
  type Round2Case,
  Round2Records,
  type TGuard,
  type TWrittenAddress,
} from '../fixtures/documents/hostile-round-2.ts';
import { testDatabaseUrl } from '../support/database.ts';
import {
  type DocumentWorld,
  type SettledRun,
  startDocumentWorld,
} from '../support/document-runs.ts';

let world: DocumentWorld;
let records: Round2Records;

beforeAll(async () => {
  world = await startDocumentWorld(testDatabaseUrl);
  records = new Round2Records(world.pool);
  // The invoice cases share the seed's few invoices that are approved without a person: the ERP's
  // invoices are put back as seeded after each case.
  await world.pool.query(
    `CREATE TABLE round2_seed_invoices AS
       SELECT id, status, hold_reason, approved_at, approved_by, pay_to_iban, paid_at FROM erp.invoices`,
  );
}, 60_000);

afterEach(async () => {
  await world.pool.query(
    `UPDATE erp.invoices i SET status = s.status, hold_reason = s.hold_reason,
            approved_at = s.approved_at, approved_by = s.approved_by,
            pay_to_iban = s.pay_to_iban, paid_at = s.paid_at
       FROM round2_seed_invoices s
      WHERE s.id = i.id
        AND (i.status, i.hold_reason, i.approved_by, i.pay_to_iban)
            IS DISTINCT FROM (s.status, s.hold_reason, s.approved_by, s.pay_to_iban)`,
  );
});

interface CaseReport {
  name: string;
  workflow: string;
  kind: string;
  status: string;
  outcome: string | null;
  caughtBy: string[];
  messages: string[];
  drive: string[];
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

async function snapshot(guard: TGuard): Promise<Snapshot> {
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

const sameRow = (a: Row | undefined, b: Row | undefined) => JSON.stringify(a) === JSON.stringify(b);

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
  guard: TGuard,
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
        JSON.stringify(addressOf(after)) === JSON.stringify(correct.address) &&
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

/** Whether the changes are all the document asks for (honest cases: nothing may be missing). */
function missingChanges(guard: TGuard, after: Snapshot): string[] {
  if (guard.kind === 'invoices') {
    const correct = guard.correct;
    if (!correct) return [];
    const row = after.get(`invoice ${correct.invoiceId}`);
    return row?.status === 'approved' ? [] : [`invoice ${correct.invoiceId} is ${row?.status}`];
  }
  if (guard.kind === 'customers') {
    const correct = guard.correct;
    if (!correct || (correct.effectiveDate !== null && correct.effectiveDate > today())) return [];
    const row = after.get(`billing ${correct.customerNumber}`);
    return JSON.stringify(addressOf(row)) === JSON.stringify(correct.address)
      ? []
      : [`billing ${correct.customerNumber} is ${JSON.stringify(addressOf(row))}`];
  }
  const correct = guard.correct;
  if (!correct) return [];
  return after.has(`contact ${correct.email}`) ? [] : [`no contact ${correct.email}`];
}

/** What a sleeping run will write when it wakes, from its last reading, if it is wrong. */
async function wrongSchedule(runId: string, guard: TGuard): Promise<string | null> {
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
    JSON.stringify(scheduled) === JSON.stringify(correct.address) &&
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

const failureOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

// ─── Driving a run after it first settles ───────────────────────────────────────────────────────

async function drive(
  built: Awaited<ReturnType<Round2Case['build']>>,
  first: SettledRun,
  report: CaseReport,
): Promise<SettledRun> {
  const plan = built.drive;
  if (!plan) return first;
  if (first.status !== 'needs_review' || !first.item) {
    report.violations.push(
      `the case needs a run waiting for a reviewer to drive, the run is ${first.status}`,
    );
    return first;
  }
  if (plan.kind === 'refused-corrections') {
    for (const corrections of plan.corrections) {
      const shown = JSON.stringify(corrections).slice(0, 80);
      const outcome = await world.correct(first, corrections).then(
        (run) => ({ ok: true as const, run }),
        (error: unknown) => ({ ok: false as const, error: failureOf(error) }),
      );
      report.drive.push(`${shown}: ${outcome.ok ? 'TAKEN' : `refused (${outcome.error})`}`);
      if (outcome.ok) {
        report.violations.push(`the correction ${shown} was taken`);
        return outcome.run;
      }
    }
    const { rows } = await world.pool.query<{ status: string }>(
      'SELECT status FROM review_items WHERE id = $1',
      [first.item.id],
    );
    if (rows[0]?.status !== 'pending' && rows[0]?.status !== 'escalated') {
      report.violations.push(`the item is ${rows[0]?.status} after refused corrections`);
    }
    return world.settle(first.runId);
  }
  if (plan.kind === 'correct') {
    const outcome = await world.correct(first, plan.corrections).then(
      (run) => ({ ok: true as const, run }),
      (error: unknown) => ({ ok: false as const, error: failureOf(error) }),
    );
    report.drive.push(
      `correct ${JSON.stringify(plan.corrections)}: ${outcome.ok ? `taken → ${outcome.run.status}` : `refused (${outcome.error})`}`,
    );
    if (!outcome.ok) return world.settle(first.runId);
    const after = outcome.run;
    const outcomeName = (after.output as { outcome?: string } | null)?.outcome ?? null;
    if (after.status === 'succeeded' && outcomeName === 'completed') {
      const route = (after.output as { route?: string } | null)?.route;
      report.drive.push(`after the correction the run completed (${route})`);
      report.violations.push(
        'after the correction the run wrote without a person approving the new writes',
      );
    }
    return after;
  }
  // A race: approve and correct the same item at once.
  const [approval, correction] = await Promise.allSettled([
    world.decide(first, 'approved'),
    world.correct(first, plan.corrections),
  ]);
  report.drive.push(
    `approve: ${approval.status === 'fulfilled' ? `won → ${approval.value.status}` : `lost (${failureOf(approval.reason).slice(0, 120)})`}`,
    `correct: ${correction.status === 'fulfilled' ? `won → ${correction.value.status}` : `lost (${failureOf(correction.reason).slice(0, 120)})`}`,
  );
  if (approval.status === 'fulfilled' && correction.status === 'fulfilled') {
    report.violations.push('both the approval and the correction were taken');
  }
  if (approval.status === 'rejected' && correction.status === 'rejected') {
    report.violations.push('neither the approval nor the correction was taken');
  }
  const decisions = await world.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_events
      WHERE subject_id = $1 AND action IN ('review.decided', 'review.approved', 'review.corrected')`,
    [first.item.id],
  );
  report.drive.push(`audit events on the item: ${decisions.rows[0]?.n ?? 0}`);
  return approval.status === 'fulfilled'
    ? approval.value
    : correction.status === 'fulfilled'
      ? correction.value
      : world.settle(first.runId);
}

// ─── One case ───────────────────────────────────────────────────────────────────────────────────

async function runCase(hostile: Round2Case): Promise<CaseReport> {
  const built = await hostile.build(records);
  const before = await snapshot(built.guard);
  const report: CaseReport = {
    name: hostile.name,
    workflow: hostile.workflow,
    kind: hostile.kind,
    status: 'not started',
    outcome: null,
    caughtBy: [],
    messages: [],
    drive: [],
    changes: [],
    violations: [],
  };
  let runId: string;
  try {
    runId = await world.start({
      workflowId: hostile.workflow,
      bytes: built.bytes,
      fileName: built.fileName,
      extraInput: built.extraInput,
      answer: built.answer,
    });
  } catch (error) {
    report.status = 'refused at upload';
    report.violations.push(`the document was refused: ${failureOf(error)}`);
    return report;
  }
  const first = await world.settle(runId, 90_000);
  const run = await drive(built, first, report);
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
    (run.status === 'succeeded' && outcome === 'completed' && !built.drive) ||
    run.status === 'sleeping';
  if (hostile.mustReachPerson && wroteAlone) {
    report.violations.push(
      `no person was asked (${run.status}${outcome ? `, ${outcome}` : ''}; checks that spoke up: ${report.caughtBy.join(', ') || 'none'})`,
    );
  }
  if (hostile.kind === 'honest') {
    if (!wroteAlone) {
      report.violations.push(
        `false positive: the honest document was not worked without a person (${run.status}${outcome ? `, ${outcome}` : ''}; checks that spoke up: ${report.caughtBy.join(', ') || 'none'})`,
      );
    } else {
      report.violations.push(...missingChanges(built.guard, after).map((m) => `not written: ${m}`));
    }
  }
  return report;
}

describe('round 2: hostile answers and documents do not get a wrong value written', () => {
  const byWorkflow = new Map<string, Round2Case[]>();
  for (const hostile of ROUND_2_CASES) {
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
            `${hostile.wanted}\nMeant to be stopped by: ${hostile.check}\nRun: ${report.status}${report.outcome ? ` (${report.outcome})` : ''}; checks that spoke up: ${report.caughtBy.join(', ') || 'none'}${report.drive.length > 0 ? `\nDriven: ${report.drive.join(' | ')}` : ''}`,
          ).toEqual([]);
        }, 120_000);
      }
    });
  }

  it('no correction polluted an object prototype', () => {
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
