// Every recorded bad answer, on both wire formats: the checks reject it and its repair, no tool
// runs, nothing is written, every call is on record with its problems, and the run waits for a
// person with the reasons.
import { describe, expect, it } from 'vitest';
import { badAnswers } from '../fixtures/planner-corpus.ts';
import {
  ANTHROPIC,
  invoice,
  invoiceRow,
  modelCallsOf,
  OPENAI,
  planInvoiceRun,
  pool,
  server,
  toolStepsOf,
  usePlanner,
} from './support.ts';

describe.each([
  ['openai', OPENAI],
  ['anthropic', ANTHROPIC],
] as const)('a bad answer over the %s wire format', (wire, entry) => {
  it.each(badAnswers.map((bad) => [bad.name, bad] as const))('%s', async (_name, bad) => {
    usePlanner([entry]);
    const answer = bad.answer(invoice);
    server(wire).script({ text: answer }, { text: answer });
    const before = await invoiceRow();

    const { runId, run } = await planInvoiceRun(bad.note ? { note: bad.note } : {});

    expect(run.status).toBe('waiting');
    expect(await toolStepsOf(runId)).toEqual([]);
    expect(await invoiceRow()).toEqual(before);
    expect(server(wire).pending()).toBe(0);

    // The answer and its repair, each recorded with what the checks found.
    const calls = await modelCallsOf(runId);
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call).toMatchObject({
        provider: entry.provider,
        model: 'model' in entry ? entry.model : '',
      });
      expect(call.raw_response).toBe(answer);
      expect(call.error).toBeNull();
      expect(call.check_results?.ok).toBe(false);
      expect(call.check_results?.problems.map((problem) => problem.code)).toEqual(
        expect.arrayContaining(bad.codes),
      );
    }
    // The repair sent the answer back with the problems.
    const repair = calls[1]?.prompt.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(repair[2]?.content).toContain(bad.codes[0]);

    // A person sees why: one pending review item with the reasons, and no writes proposed.
    const { rows } = await pool.query(
      `SELECT status, risk, reasons, proposed_writes FROM review_items WHERE run_id = $1`,
      [runId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'pending', risk: 'high', proposed_writes: [] });
    expect(rows[0].reasons.map((reason: { code: string }) => reason.code)).toEqual(
      expect.arrayContaining(bad.codes),
    );
  });
});
