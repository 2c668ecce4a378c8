/**
 * The pipeline's steps between the reads and the writes: the proof of the writes (subject and
 * provenance, on the resolved values), validation (recorded per rule) and the gate's routing, as
 * memoized steps; and turning a run down with the workflow's safe action.
 */
import type { DocumentEvidence } from '../documents/evidence.ts';
import type { StepApi } from '../engine/types.ts';
import type { TPlan } from '../planner/plan.ts';
import { proveResolved } from '../planner/prove-resolved.ts';
import { resolveReferences } from '../planner/resolve.ts';
import type { ProvenanceContext, TSubjectResolution } from '../planner/subject.ts';
import { executeTool, type ToolRegistry, toolStepOptions } from '../tools/registry.ts';
import { type GateDecision, type ProposedWrite, routeRun } from '../validation/gate.ts';
import { recordValidation } from '../validation/record.ts';
import { buildEvidence, type Evidence } from '../validation/rules.ts';
import { type ValidationResultRow, validateRun } from '../validation/validate.ts';
import type { PlannedRunResult, PlannedWorkflowSpec } from './planned-workflow.ts';
import type { WorkflowServices } from './services.ts';

/** A deterministic write the workflow makes when a run is turned down. */
export interface RejectAction {
  tool: string;
  input: Record<string, unknown>;
}

/** The validation row that carries the proof of the writes. */
export const WRITES_PROVEN_RULE = 'writes-proven';

/** The reads' inputs as they resolved against the outputs before them (unresolvable ones left out). */
function resolvedReadInputs(
  plan: TPlan,
  registry: ToolRegistry,
  reads: ReadonlyMap<string, unknown>,
) {
  const inputs = new Map<string, Record<string, unknown>>();
  for (const step of plan.steps) {
    const sideEffect = registry.get(step.tool)?.sideEffect;
    if (sideEffect === 'write' || sideEffect === 'external' || !reads.has(step.id)) continue;
    try {
      inputs.set(step.id, resolveReferences(step.id, step.input, reads));
    } catch {
      // It did not resolve, so the read was skipped and read nothing.
    }
  }
  return inputs;
}

/** The proof of the writes as one validation row: failing routes the run to `reject`. */
function proofRow(
  plan: TPlan,
  registry: ToolRegistry,
  provenance: ProvenanceContext,
  reads: ReadonlyMap<string, unknown>,
  proposal: readonly ProposedWrite[],
): ValidationResultRow {
  const problems = proveResolved(plan, registry, provenance, {
    readInputs: resolvedReadInputs(plan, registry, reads),
    outputs: reads,
    writes: proposal,
  });
  return {
    rule: WRITES_PROVEN_RULE,
    severity: 'error',
    passed: problems.length === 0,
    message:
      problems.length === 0
        ? `Every read and write is on ${provenance.subject.label}, with proven values.`
        : `Not written: ${problems.map((problem) => `step "${problem.stepId}": ${problem.message}`).join(' ')}`,
    details: {
      subject: provenance.subject.label,
      problems: problems.map((problem) => ({
        code: problem.code,
        stepId: problem.stepId,
        message: problem.message,
      })),
    },
    onFail: 'reject',
  };
}

/**
 * What the run's document says about itself: a document that speaks to a machine goes to a
 * person, whatever else holds (the passage quoted); a field a person gave is shown as theirs.
 */
function documentRows(document: DocumentEvidence | null): ValidationResultRow[] {
  if (document === null) return [];
  const byPerson = document.fields.filter((field) => field.status === 'person');
  return [
    {
      rule: 'document-instructions',
      severity: 'error',
      passed: document.injections.length === 0,
      message:
        document.injections.length === 0
          ? 'The document gives no instructions to a machine.'
          : `The document speaks to a machine, which an honest business document has no reason to do: "${document.injections[0]}"`,
      details: { passages: [...document.injections] },
      onFail: 'review',
    },
    {
      rule: 'document-unread-parts',
      severity: 'error',
      passed: document.unreadParts.length === 0,
      message:
        document.unreadParts.length === 0
          ? 'Every part of the document was read.'
          : `Nobody read ${document.unreadParts.join(', ')} (no text in it): a person looks at what it says.`,
      details: { parts: [...document.unreadParts] },
      onFail: 'review',
    },
    {
      rule: 'document-hidden-content',
      severity: 'error',
      passed: !document.hiddenContent,
      message: document.hiddenContent
        ? 'The e-mail hides content from a reader (hidden or invisible HTML) that a machine reads: a person looks.'
        : 'The e-mail hides nothing from a reader.',
      details: null,
      onFail: 'review',
    },
    {
      rule: 'document-read',
      severity: 'info',
      passed: true,
      message:
        byPerson.length === 0
          ? `Every value was read from the document and grounded in it (${document.provider ?? 'a person'}).`
          : `A person gave ${byPerson.map((field) => field.label).join(', ')}.`,
      details: { provider: document.provider, round: document.round },
      onFail: 'none',
    },
  ];
}

/**
 * Proves the writes, validates the run (step `validate`, results recorded) and routes it (step
 * `gate`). `proven` is false when the writes could not be proven: the run is turned down by the
 * gate, and no safe action runs (the plan, not the record, was at fault).
 */
export async function validateAndRoute<TInput>(
  step: StepApi,
  services: WorkflowServices,
  spec: PlannedWorkflowSpec<TInput>,
  run: {
    input: TInput;
    plan: TPlan;
    reads: ReadonlyMap<string, unknown>;
    proposal: ProposedWrite[];
    provenance: ProvenanceContext;
  },
): Promise<{ evidence: Evidence<TInput>; gate: GateDecision; proven: boolean }> {
  const evidence = buildEvidence(
    run.input,
    run.plan,
    run.reads,
    run.provenance.subject,
    run.provenance.document ?? null,
  );
  const validation = await step.run(
    'validate',
    async (context) => {
      const proof = proofRow(run.plan, services.tools, run.provenance, run.reads, run.proposal);
      const result = validateRun(evidence, spec.rules, spec.thresholds, [
        proof,
        ...documentRows(run.provenance.document ?? null),
      ]);
      await recordValidation(services.db, context.runId, context.stepId, result.results);
      return result;
    },
    { kind: 'validate' },
  );
  const gate = await step.run(
    'gate',
    () => routeRun(validation, run.proposal, spec.gate, evidence),
    { kind: 'gate' },
  );
  const proven = !validation.results.some(
    (result) => result.rule === WRITES_PROVEN_RULE && !result.passed,
  );
  return { evidence, gate, proven };
}

/** Ends a turned-down run: the workflow's safe action (if any) runs, nothing else is written. */
export async function turnDown<TInput>(
  step: StepApi,
  services: WorkflowServices,
  spec: PlannedWorkflowSpec<TInput>,
  evidence: Evidence<TInput>,
  why: {
    by: 'rules' | 'reviewer' | 'gate';
    reviewItemId: string | null;
    reasons: { code: string; message: string }[];
  },
): Promise<PlannedRunResult> {
  const first = why.reasons[0] ?? { code: 'rejected', message: 'Rejected' };
  // A plan whose writes could not be proven says nothing about the record: it is left alone.
  const action = why.by === 'gate' ? null : (spec.onReject?.(evidence, first) ?? null);
  let output: unknown = null;
  if (action) {
    const tool = services.tools.get(action.tool);
    if (!tool) throw new Error(`The reject action names unknown tool ${action.tool}`);
    output = await step.run(
      'on-reject',
      (context) =>
        executeTool(services.tools, action.tool, action.input, {
          clients: services.clients,
          allowList: spec.planning.tools,
          idempotencyKey: context.idempotencyKey,
          signal: context.signal,
        }),
      toolStepOptions(tool),
    );
  }
  return {
    outcome: 'rejected',
    by: why.by,
    reviewItemId: why.reviewItemId,
    reasons: why.reasons.map(({ code, message }) => ({ code, message })),
    action: action ? { tool: action.tool, output } : null,
  };
}

/** Ends a run whose input names no subject (an invoice that does not exist), recording why. */
export async function turnDownUnknownSubject(
  step: StepApi,
  services: WorkflowServices,
  resolution: Extract<TSubjectResolution, { found: false }>,
): Promise<PlannedRunResult> {
  await step.run(
    'validate',
    (context) =>
      recordValidation(services.db, context.runId, context.stepId, [
        {
          rule: resolution.code,
          severity: 'error',
          passed: false,
          message: resolution.message,
          details: null,
          onFail: 'reject',
        },
      ]),
    { kind: 'validate' },
  );
  return {
    outcome: 'rejected',
    by: 'rules',
    reviewItemId: null,
    reasons: [{ code: resolution.code, message: resolution.message }],
    action: null,
  };
}
