import { describe, expect, it } from 'vitest';
import type { TPlan } from '../planner/plan.ts';
import { type GatePolicy, type ProposedWrite, routeRun } from './gate.ts';
import { buildEvidence, defineRule } from './rules.ts';
import { validateRun } from './validate.ts';

const plan: TPlan = {
  steps: [
    { id: 'read', tool: 'erp.get-invoice', input: {}, why: 'read' },
    { id: 'score', tool: 'scoring.score-lead', input: {}, why: 'score' },
  ],
  summary: 'test',
  confidence: 0.8,
};
const evidence = buildEvidence(
  { amount: 120 },
  plan,
  new Map<string, unknown>([
    ['read', { amount: 120, status: 'received' }],
    ['score', { confidence: 0.4 }],
  ]),
);

const rule = (
  name: string,
  passed: boolean,
  extra: Partial<Parameters<typeof defineRule>[0]> = {},
) =>
  defineRule<{ amount: number }>({
    name,
    message: `${name} failed for this run`,
    severity: 'error',
    check: () => ({ passed }),
    ...extra,
  });

const write = (overrides: Partial<ProposedWrite> = {}): ProposedWrite => ({
  stepId: 'approve',
  tool: 'erp.approve-invoice',
  input: {},
  sideEffect: 'write',
  reversible: true,
  preview: null,
  dependsOn: [],
  why: 'approve',
  unresolved: null,
  ...overrides,
});
const policy: GatePolicy<{ amount: number }> = {
  autoApprove: (run) =>
    run.input.amount <= 100 ? { allowed: true } : { allowed: false, reason: 'Over 100' },
  review: { timeout: '1d', onTimeout: 'expire' },
};

describe('validateRun', () => {
  it('finds outputs by tool and passes when every rule and threshold passes', () => {
    expect(evidence.output('erp.get-invoice')).toEqual({ amount: 120, status: 'received' });
    expect(evidence.output('crm.get-account')).toBeUndefined();
    const result = validateRun(evidence, [rule('a', true)], { plan: 0.7 });
    expect(result.decision).toBe('auto');
    expect(result.results.map((r) => [r.rule, r.passed])).toEqual([
      ['a', true],
      ['plan-confidence', true],
    ]);
  });

  it('routes a failed warning or error to review, a failed reject rule to reject, and ignores info', () => {
    expect(
      validateRun(evidence, [rule('w', false, { severity: 'warning' })], { plan: 0 }).decision,
    ).toBe('review');
    expect(
      validateRun(evidence, [rule('i', false, { severity: 'info' })], { plan: 0 }).decision,
    ).toBe('auto');
    const rejected = validateRun(
      evidence,
      [rule('e', false), rule('d', false, { onFail: 'reject' })],
      { plan: 0 },
    );
    expect(rejected.decision).toBe('reject');
    expect(rejected.reasons.map((reason) => reason.code)).toEqual(['e', 'd']);
  });

  it('holds the plan and tools to their confidence thresholds', () => {
    const low = validateRun(evidence, [], { plan: 0.9, tool: 0.5 });
    expect(low.decision).toBe('review');
    expect(low.results.filter((r) => !r.passed).map((r) => r.rule)).toEqual([
      'plan-confidence',
      'tool-confidence:score',
    ]);
  });

  it('fails a rule that throws, with the reason, instead of passing it', () => {
    const broken = defineRule<{ amount: number }>({
      name: 'needs-vendor',
      message: 'The vendor must be active',
      severity: 'warning',
      check: () => {
        throw new Error('the plan read no vendor');
      },
    });
    const result = validateRun(evidence, [broken], { plan: 0 });
    expect(result.decision).toBe('review');
    expect(result.results[0]).toMatchObject({
      passed: false,
      severity: 'error',
      message: expect.stringContaining('the plan read no vendor'),
    });
  });

  it('refuses a rule without a kebab-case name or a real message', () => {
    expect(() => rule('Bad Name', true)).toThrow(/kebab-case/);
    expect(() =>
      defineRule({ name: 'x', message: 'no', severity: 'info', check: () => ({ passed: true }) }),
    ).toThrow(/message/);
  });
});

describe('routeRun', () => {
  const clean = validateRun(evidence, [], { plan: 0.5 });

  it('lets clean reversible writes through only when the policy allows them', () => {
    const small = buildEvidence({ amount: 50 }, plan, evidence.outputs);
    expect(routeRun(clean, [write()], policy, small)).toMatchObject({
      decision: 'auto',
      risk: 'low',
    });
    expect(routeRun(clean, [write()], policy, evidence)).toMatchObject({
      decision: 'review',
      risk: 'medium',
      reasons: [{ code: 'policy', message: 'Over 100' }],
    });
  });

  it('sends irreversible or external writes to a person at high risk', () => {
    const small = buildEvidence({ amount: 50 }, plan, evidence.outputs);
    expect(routeRun(clean, [write({ reversible: false })], policy, small)).toMatchObject({
      decision: 'review',
      risk: 'high',
      reasons: [{ code: 'irreversible-write' }],
    });
    expect(routeRun(clean, [write({ sideEffect: 'external' })], policy, small).decision).toBe(
      'review',
    );
  });

  it('turns the run down when validation rejects it or a write cannot be resolved', () => {
    const rejected = validateRun(evidence, [rule('dup', false, { onFail: 'reject' })], { plan: 0 });
    expect(routeRun(rejected, [write()], policy, evidence)).toMatchObject({
      decision: 'reject',
      risk: 'high',
    });
    expect(routeRun(clean, [write({ unresolved: 'no company' })], policy, evidence)).toMatchObject({
      decision: 'reject',
      reasons: [{ code: 'unresolvable-write' }],
    });
  });

  it('follows validation to review, with high risk when an error rule failed', () => {
    const failed = validateRun(evidence, [rule('po-matched', false)], { plan: 0 });
    expect(routeRun(failed, [write()], policy, evidence)).toMatchObject({
      decision: 'review',
      risk: 'high',
    });
  });
});
