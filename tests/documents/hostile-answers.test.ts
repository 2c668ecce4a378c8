// Hostile model answers and hostile documents through the real pipeline (the three workflows on
// the embedded engine, the real AI SDK provider replaying each answer, grounding, the document
// stage, the injection check, the cross-checks, the gate and the writes): for every case of
// tests/fixtures/documents/hostile-answers.ts, the attacker does not get what they wanted. The
// run does not die; the records the case guards are untouched, or changed only to the values
// the document truly gives; and a case that says so waits for a person (or is turned down).
//
// A case that fails here is a finding: a wrong value reached a write with nobody involved.
// HOSTILE_REPORT=<file> writes what each run did (status, the checks that failed, the changes).
// How a run is judged is in tests/fixtures/documents/hostile-judge.ts (shared with round 2).
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  HOSTILE_CASES,
  type HostileCase,
  HostileRecords,
} from '../fixtures/documents/hostile-answers.ts';
import {
  caughtBy,
  changesOf,
  failureOf,
  messagesOf,
  restoreSeedInvoices,
  saveSeedInvoices,
  snapshot,
  wrongChanges,
  wrongSchedule,
} from '../fixtures/documents/hostile-judge.ts';
import { testDatabaseUrl } from '../support/database.ts';
import { type DocumentWorld, startDocumentWorld } from '../support/document-runs.ts';

let world: DocumentWorld;
let records: HostileRecords;

beforeAll(async () => {
  world = await startDocumentWorld(testDatabaseUrl);
  records = new HostileRecords(world.pool);
  await saveSeedInvoices(world.pool, 'hostile_seed_invoices');
}, 60_000);

afterEach(async () => {
  await restoreSeedInvoices(world.pool, 'hostile_seed_invoices');
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

// ─── One case ───────────────────────────────────────────────────────────────────────────────────

async function runCase(hostile: HostileCase): Promise<CaseReport> {
  const built = await hostile.build(records);
  const before = await snapshot(world.pool, built.guard);
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
    const refusal = await world.start(document).then(() => null, failureOf);
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
  const after = await snapshot(world.pool, built.guard);
  const changes = changesOf(before, after);
  const outcome = (run.output as { outcome?: string } | null)?.outcome ?? null;
  report.status = run.status;
  report.outcome = outcome;
  report.caughtBy = await caughtBy(world.pool, run);
  report.messages = await messagesOf(world.pool, run);
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
    const wrong = await wrongSchedule(world.pool, runId, built.guard);
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
