// Answers built to break the checker, on both wire formats: nested thousands deep, megabytes
// long, control characters PostgreSQL cannot store, a wall of whitespace. The run never dies:
// the answer and its repair are refused with a code and recorded (NUL replaced, long text cut),
// and the chain moves on to the offline planner, whose plan is used.
import { describe, expect, it } from 'vitest';
import { MAX_RECORDED_CHARS } from '../../server/planner/answer-limits.ts';
import type { TPlanProblemCode } from '../../server/planner/check-plan.ts';
import { goodSteps, type InvoiceSubject, planText } from '../fixtures/planner-corpus.ts';
import {
  ANTHROPIC,
  invoice,
  invoiceRow,
  modelCallsOf,
  OFFLINE,
  OPENAI,
  planInvoiceRun,
  server,
  toolStepsOf,
  usePlanner,
} from './support.ts';

/** The longest raw_response kept: the cut text and the note saying how much was cut. */
const MAX_KEPT = MAX_RECORDED_CHARS + 100;

/** A good plan whose first step's input holds `value` (JSON text) under `extra`. */
function planWithInput(subject: InvoiceSubject, valueJson: string): string {
  const text = planText(goodSteps(subject));
  const marker = '"input":{';
  const at = text.indexOf(marker) + marker.length;
  return `${text.slice(0, at)}"extra":${valueJson},${text.slice(at)}`;
}

interface LimitCase {
  name: string;
  answer: (subject: InvoiceSubject) => string;
  /** The one problem the checks record for it (the first check to catch it wins). */
  code: TPlanProblemCode;
  /** How the answer is kept in `model_calls.raw_response`. */
  kept: (answer: string) => string | ((raw: string) => void);
}

const cut = (answer: string) => (raw: string) => {
  expect(raw.length).toBeLessThanOrEqual(MAX_KEPT);
  expect(raw.startsWith(answer.slice(0, MAX_RECORDED_CHARS))).toBe(true);
  expect(raw).toContain(`[${answer.length - MAX_RECORDED_CHARS} more characters not kept]`);
};

const CASES: LimitCase[] = [
  {
    name: 'a plan nested 5,000 levels deep inside a step input',
    answer: (subject) => planWithInput(subject, `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`),
    code: 'ANSWER_LIMIT',
    kept: cut,
  },
  {
    name: 'a 10 MB summary',
    answer: (subject) => planText(goodSteps(subject), { summary: 'x'.repeat(10_000_000) }),
    code: 'ANSWER_LIMIT',
    kept: cut,
  },
  {
    name: 'a NUL escape in a why',
    answer: (subject) => {
      const steps = goodSteps(subject);
      return planText(
        steps.map((step, index) => (index === 1 ? { ...step, why: 'ok\u0000' } : step)),
      );
    },
    code: 'ANSWER_LIMIT',
    kept: (answer) => answer,
  },
  {
    name: 'a raw NUL character in a why',
    // The wire carries it escaped; the SDK hands a real NUL to the planner, and JSON refuses it.
    answer: (subject) => planText(goodSteps(subject)).replace('"why":"', '"why":"\u0000'),
    code: 'MALFORMED_PLAN',
    kept: (answer) => answer.replaceAll('\u0000', '\uFFFD'),
  },
  {
    name: '300,000 characters of whitespace around a plan',
    answer: (subject) => `${' \n\t'.repeat(100_000)}${planText(goodSteps(subject))}`,
    code: 'ANSWER_LIMIT',
    kept: cut,
  },
];

describe.each([
  ['openai', OPENAI],
  ['anthropic', ANTHROPIC],
] as const)('an answer beyond the limits over the %s wire format', (wire, entry) => {
  it.each(CASES.map((limit) => [limit.name, limit] as const))(
    'refuses %s, records it, and plans offline',
    async (_name, limit) => {
      usePlanner([entry, OFFLINE], { timeoutMs: 10_000 });
      const answer = limit.answer(invoice);
      server(wire).script({ text: answer }, { text: answer });
      const before = await invoiceRow();

      const { runId, run } = await planInvoiceRun();

      // The run lives on with the offline plan, and its reads ran.
      expect(run.status).toBe('succeeded');
      expect(run.output).toMatchObject({ outcome: 'planned', planner: 'offline' });
      expect(await toolStepsOf(runId)).toEqual([
        'tool:get-invoice',
        'tool:get-vendor',
        'tool:get-purchase-order',
        'tool:find-duplicates',
      ]);
      expect(await invoiceRow()).toEqual(before);
      expect(server(wire).pending()).toBe(0);

      // The answer and its repair, refused and recorded; then the offline plan, accepted.
      const calls = await modelCallsOf(runId);
      expect(calls.map((call) => call.provider)).toEqual([
        entry.provider,
        entry.provider,
        'offline',
      ]);
      const kept = limit.kept(answer);
      for (const call of calls.slice(0, 2)) {
        expect(call.error).toBeNull();
        expect(call.parsed_plan).toBeNull();
        expect(call.check_results?.ok).toBe(false);
        const codes = call.check_results?.problems.map((problem) => problem.code) ?? [];
        expect(codes).toEqual([limit.code]);
        for (const problem of call.check_results?.problems ?? []) {
          expect(problem.message.length).toBeLessThan(1_000);
        }
        const raw = call.raw_response ?? '';
        expect(raw).not.toContain('\u0000');
        expect(raw.length).toBeLessThanOrEqual(MAX_KEPT);
        if (typeof kept === 'string') expect(raw).toBe(kept);
        else kept(raw);
      }
      // The repair sent back the answer as recorded (cut), never megabytes of it.
      const repair = calls[1]?.prompt.messages ?? [];
      expect(repair.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
      expect(repair[1]?.content.length).toBeLessThanOrEqual(MAX_KEPT);
      expect(repair[2]?.content).toContain(limit.code);
      const sent = JSON.stringify(server(wire).requests[1]?.body ?? '');
      expect(sent.length).toBeLessThan(200_000);
      expect(calls[2]?.check_results).toEqual({ ok: true, problems: [] });
    },
  );
});

// Answers PostgreSQL cannot store (a NUL the JSON parser quotes in its error, a lone surrogate):
// both used to kill the run before the next planner was tried, with nothing recorded.
describe.each([
  ['openai', OPENAI],
  ['anthropic', ANTHROPIC],
] as const)('an answer PostgreSQL cannot store over the %s wire format', (wire, entry) => {
  it('plans offline when the answer holds a raw NUL outside a string', async () => {
    usePlanner([entry, OFFLINE]);
    // V8 quotes the text around the bad token in its error, NUL included, into the problem.
    const answer = `{"steps":\u0000}`;
    server(wire).script({ text: answer }, { text: answer });

    const { runId, run } = await planInvoiceRun();

    expect(server(wire).pending()).toBe(0);
    expect((await modelCallsOf(runId)).map((call) => call.provider)).toEqual([
      entry.provider,
      entry.provider,
      'offline',
    ]);
    // It used to die: the plan step's memoized outcome carried the parser's quote of the NUL
    // into step_checkpoints, which PostgreSQL refused.
    expect(run.status).toBe('succeeded');
  });

  it('records and refuses a plan holding a lone surrogate', async () => {
    usePlanner([entry, OFFLINE]);
    const answer = planText(goodSteps(invoice)).replace('"why":"', '"why":"\\ud800');
    server(wire).script({ text: answer }, { text: answer });

    const { runId, run } = await planInvoiceRun();

    // The answer and its repair were recorded and refused; the offline planner planned the run.
    // (It used to die: jsonb refused the surrogate, so the call was never recorded.)
    expect(server(wire).pending()).toBe(0);
    const calls = await modelCallsOf(runId);
    expect(calls.map((call) => call.provider)).toEqual([entry.provider, entry.provider, 'offline']);
    for (const call of calls.slice(0, 2)) {
      expect(call.raw_response).toBe(answer);
      expect(call.check_results?.problems.map((problem) => problem.code)).toEqual(['ANSWER_LIMIT']);
    }
    expect(run.status).toBe('succeeded');
  });
});
