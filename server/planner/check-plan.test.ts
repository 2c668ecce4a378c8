import { describe, expect, it } from 'vitest';
import { toolRegistry } from '../tools/index.ts';
import { checkPlan, type PlanPolicy } from './check-plan.ts';

const policy: PlanPolicy = {
  registry: toolRegistry,
  allowList: [
    'erp.get-invoice',
    'erp.get-purchase-order',
    'erp.get-vendor',
    'erp.approve-invoice',
    'erp.hold-invoice',
  ],
  maxSteps: 6,
  maxCost: 6,
};

const lookup = {
  id: 'lookup-invoice',
  tool: 'erp.get-invoice',
  input: { vendorNumber: 'V-1004', invoiceNumber: 'INV-1055' },
  why: 'The invoice to approve',
};
const approve = {
  id: 'approve',
  tool: 'erp.approve-invoice',
  input: {
    invoiceId: { $ref: 'lookup-invoice.output.id' },
    approvedBy: 'steward',
    reason: 'Matches its PO',
  },
  why: 'Clean invoice under the threshold',
};
const plan = (steps: unknown[], extra: Record<string, unknown> = {}) => ({
  steps,
  summary: 'Approve INV-1055 from V-1004',
  confidence: 0.9,
  ...extra,
});

function codes(result: ReturnType<typeof checkPlan>): string[] {
  return result.ok ? [] : result.problems.map((problem) => problem.code);
}

describe('checkPlan', () => {
  it('accepts a plan of allowed tools, valid inputs, backward references and writes last', () => {
    const result = checkPlan(plan([lookup, approve]), policy);
    expect(result).toMatchObject({
      ok: true,
      plan: { steps: [{ id: 'lookup-invoice' }, { id: 'approve' }] },
    });
  });

  it('rejects output that is not a plan, naming what is wrong', () => {
    const result = checkPlan({ steps: [], confidence: 2 }, policy);
    expect(codes(result)).toEqual(['MALFORMED_PLAN', 'MALFORMED_PLAN', 'MALFORMED_PLAN']);
    expect(result.ok ? '' : result.problems.map((p) => p.message).join('\n')).toMatch(
      /steps: a plan has at least one step/,
    );
    expect(codes(checkPlan('{"steps": [', policy))).toEqual(['MALFORMED_PLAN']);
  });

  it('rejects an unknown tool and one the workflow does not allow', () => {
    const result = checkPlan(
      plan([
        lookup,
        { ...approve, id: 'pay', tool: 'erp.pay-invoice' },
        { ...approve, id: 'ship', tool: 'shipping.update-delivery-address' },
      ]),
      policy,
    );
    expect(result.ok ? [] : result.problems.map((p) => [p.code, p.stepId])).toEqual([
      ['UNKNOWN_TOOL', 'pay'],
      ['TOOL_NOT_ALLOWED', 'ship'],
    ]);
  });

  it('rejects input of the wrong type, statically, and leaves referenced fields to resolution', () => {
    const result = checkPlan(
      plan([{ ...lookup, input: { vendorNumber: 42, invoiceNumber: 'INV-1055' } }, approve]),
      policy,
    );
    expect(codes(result)).toEqual(['INVALID_INPUT']);
    expect(result.ok ? '' : result.problems[0]?.message).toMatch(
      /^Input for erp.get-invoice is not valid: vendorNumber:/,
    );
  });

  it('rejects references to missing or later steps', () => {
    const missing = {
      ...approve,
      input: { ...approve.input, invoiceId: { $ref: 'find.output.id' } },
    };
    expect(codes(checkPlan(plan([lookup, missing]), policy))).toEqual(['MISSING_REFERENCE']);
    const early = { ...approve, id: 'approve-first' };
    expect(codes(checkPlan(plan([early, lookup]), policy))).toEqual([
      'FORWARD_REFERENCE',
      'WRITE_BEFORE_GATE',
    ]);
  });

  it('rejects a reference whose type the referenced output contract rules out', () => {
    const wrong = {
      ...approve,
      input: { ...approve.input, invoiceId: { $ref: 'lookup-invoice.output.amount' } },
    };
    const result = checkPlan(plan([lookup, wrong]), policy);
    expect(codes(result)).toEqual(['REFERENCE_TYPE_MISMATCH']);
    expect(result.ok ? '' : result.problems[0]?.message).toBe(
      'Input invoiceId expects string, but lookup-invoice.output.amount is number.',
    );
  });

  it('rejects a write placed before a read (before the validation gate)', () => {
    const vendor = {
      id: 'vendor',
      tool: 'erp.get-vendor',
      input: { vendorNumber: 'V-1004' },
      why: 'Is the vendor active?',
    };
    const result = checkPlan(plan([lookup, approve, vendor]), policy);
    expect(result.ok ? [] : result.problems.map((p) => [p.code, p.stepId])).toEqual([
      ['WRITE_BEFORE_GATE', 'approve'],
    ]);
  });

  it('rejects a plan over the step or cost budget', () => {
    const reads = Array.from({ length: 7 }, (_, n) => ({ ...lookup, id: `lookup-${n}` }));
    expect(codes(checkPlan(plan(reads), policy))).toEqual(['OVER_STEP_BUDGET', 'OVER_COST_BUDGET']);
    expect(codes(checkPlan(plan(reads.slice(0, 5)), { ...policy, maxCost: 4 }))).toEqual([
      'OVER_COST_BUDGET',
    ]);
  });

  it('rejects a duplicate step id', () => {
    expect(codes(checkPlan(plan([lookup, lookup]), policy))).toEqual(['DUPLICATE_STEP_ID']);
  });

  it('leaves a rule across fields to resolution when a reference fills one of them', () => {
    const vendorById = {
      id: 'vendor',
      tool: 'erp.get-vendor',
      input: { id: { $ref: 'lookup-invoice.output.vendorId' } },
      why: 'Is the vendor active?',
    };
    expect(checkPlan(plan([lookup, vendorById]), policy).ok).toBe(true);
    // Without a reference the rule is checked statically.
    const neither = { ...vendorById, input: {} };
    expect(codes(checkPlan(plan([lookup, neither]), policy))).toEqual(['INVALID_INPUT']);
  });
});
