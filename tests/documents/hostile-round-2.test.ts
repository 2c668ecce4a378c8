// Round 2 of hostile answers and documents through the real pipeline (the three workflows on the
// embedded engine, the real AI SDK provider replaying each answer, grounding, the document stage,
// the injection check, the cross-checks, the gate, the writes, and the reviewer's corrections):
// for every case of tests/fixtures/documents/hostile-round-2.ts, an attacker does not get what
// they wanted, and an honest document is worked without a person, writing what it says.
//
// A case that fails here is a finding: a wrong value reached a write with nobody involved, a run
// died, or an honest document could not be worked without a person (a false positive).
// HOSTILE_REPORT=<file> writes what each run did (status, the checks that spoke up, the changes).
// How a run is judged is in tests/fixtures/documents/hostile-round-2/judge.ts (round 2's own
// rules) and tests/fixtures/documents/hostile-judge.ts (the rules shared with round 1).
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CaseReport,
  caughtBy,
  changesOf,
  failureOf,
  messagesOf,
  missingChanges,
  restoreSeedInvoices,
  saveSeedInvoices,
  snapshot,
  wrongChanges,
  wrongSchedule,
} from '../fixtures/documents/hostile-round-2/judge.ts';
import {
  ROUND_2_CASES,
  type Round2Case,
  Round2Records,
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
  await saveSeedInvoices(world.pool, 'round2_seed_invoices');
}, 60_000);

afterEach(async () => {
  await restoreSeedInvoices(world.pool, 'round2_seed_invoices');
});

const reports: CaseReport[] = [];

afterAll(async () => {
  const file = process.env.HOSTILE_REPORT;
  if (file) writeFileSync(file, `${JSON.stringify(reports, null, 2)}\n`);
  await world?.close();
});

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
  const before = await snapshot(world.pool, built.guard);
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
