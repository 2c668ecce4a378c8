/**
 * A planned workflow, the pipeline of DESIGN.md section 2: plan (a memoized step; a person when
 * no plan passes the checks), the plan's reads as durable tool steps, validation (rules and
 * thresholds, recorded per rule), the gate (auto, review or reject), then the approved writes
 * with compensation, or the workflow's safe action when the run is turned down.
 */
import { z } from 'zod';
import { recordReading } from '../documents/readings.ts';
import { defineWorkflow } from '../engine/define-workflow.ts';
import type { JsonValue, StepApi, WorkflowDefinition } from '../engine/types.ts';
import { planStep, reviewUnplannedRun, runPlanSteps, splitPlan } from '../planner/plan-step.ts';
import type { ProvenanceContext } from '../planner/subject.ts';
import { ACTOR_PLACEHOLDER } from '../tools/provenance.ts';
import type { ProposedWrite } from '../validation/gate.ts';
import { recordValidation } from '../validation/record.ts';
import { gateForDocument } from './document-gate.ts';
import {
  correctedFields,
  type DocumentEvidence,
  type DocumentIntake,
  groundingRows,
  readDocumentStage,
} from './document-stage.ts';
import { turnDown, turnDownUnknownSubject, validateAndRoute } from './gate-steps.ts';
import type { PlannedRunResult, PlannedWorkflowSpec } from './planned-spec.ts';
import { prefixedStep } from './prefixed-step.ts';
import { proposeWrites } from './propose-writes.ts';
import { reviewWrites } from './review-gate.ts';
import { runApprovedWrites } from './run-writes.ts';
import type { WorkflowServices } from './services.ts';
import { resolveSubjectStep } from './subject-step.ts';

export type { PlannedRunResult, PlannedWorkflowSpec } from './planned-spec.ts';

function decisionOf(data: unknown): { verdict: string; reasonCode: string | null } | null {
  if (data === null || typeof data !== 'object') return null;
  const record = data as Record<string, unknown>;
  return {
    verdict: typeof record.verdict === 'string' ? record.verdict : 'unknown',
    reasonCode: typeof record.reasonCode === 'string' ? record.reasonCode : null,
  };
}

/** Plans the run and executes the plan's reads; what comes after the reads is the caller's. */
export async function planAndRead<TInput>(
  spec: Pick<PlannedWorkflowSpec<TInput>, 'id' | 'title' | 'planning' | 'unplannedReviewTimeout'>,
  services: WorkflowServices,
  context: { input: TInput; step: StepApi; provenance?: ProvenanceContext },
): Promise<Extract<PlannedRunResult, { outcome: 'unplanned' | 'planned' }>> {
  const { step, input } = context;
  const outcome = await planStep(step, services.planner, {
    workflow: { id: spec.id, title: spec.title },
    planning: spec.planning,
    input,
    provenance: context.provenance,
  });
  if (outcome.status === 'rejected') {
    const review = await reviewUnplannedRun(
      step,
      services.planner,
      outcome,
      spec.unplannedReviewTimeout,
    );
    return {
      outcome: 'unplanned',
      reviewItemId: review.reviewItemId,
      decision: review.decision ? decisionOf(review.decision.data) : null,
      failures: outcome.failures,
    };
  }
  const { reads, writes } = splitPlan(services.tools, outcome.plan);
  const outputs = await runPlanSteps(
    step,
    {
      registry: services.tools,
      clients: services.clients,
      allowList: spec.planning.tools,
      subject: context.provenance?.subject,
    },
    reads,
    new Map(),
  );
  return {
    outcome: 'planned',
    plan: outcome.plan,
    planner: outcome.planner,
    reads: Object.fromEntries(outputs),
    writes,
  };
}

/** A document run's input: the document and what no document carries. */
function documentInputOf(
  input: unknown,
): ({ documentId: string } & Record<string, unknown>) | null {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const record: Record<string, unknown> = { ...input };
  const { documentId } = record;
  return typeof documentId === 'string' ? { ...record, documentId } : null;
}

/**
 * The whole pipeline: a document read and grounded (when the run was handed one), then plan,
 * reads, validation, gate, and the writes (or the safe action).
 */
export async function runPlannedWorkflow<TInput>(
  spec: PlannedWorkflowSpec<TInput>,
  services: WorkflowServices,
  context: { input: TInput | { documentId: string }; step: StepApi },
): Promise<PlannedRunResult> {
  const documentInput = spec.document ? documentInputOf(context.input) : null;
  if (!spec.document || documentInput === null) {
    return runOnSubject(spec, services, {
      input: spec.input.parse(context.input),
      step: context.step,
      root: context.step,
      document: null,
      documentInput: null,
      pass: 1,
    });
  }
  return readThenRun(spec, services, context.step, documentInput, spec.document, undefined, 1);
}

/** The document stage, then the pipeline on the values it proved (pass `pass`). */
async function readThenRun<TInput>(
  spec: PlannedWorkflowSpec<TInput>,
  services: WorkflowServices,
  root: StepApi,
  documentInput: { documentId: string } & Record<string, unknown>,
  intake: DocumentIntake,
  from: Parameters<typeof readDocumentStage>[4],
  pass: number,
): Promise<PlannedRunResult> {
  const stage = await readDocumentStage(
    root,
    services,
    { input: spec.input, document: intake, reviewTimeout: spec.unplannedReviewTimeout },
    documentInput,
    from,
  );
  if (stage.status === 'expired') return { outcome: 'expired', reviewItemId: stage.reviewItemId };
  if (stage.status === 'rejected') {
    return {
      outcome: 'rejected',
      by: 'reviewer',
      reviewItemId: stage.reviewItemId,
      reasons: stage.reasons,
      action: null,
    };
  }
  return runOnSubject(spec, services, {
    input: stage.input,
    step: prefixedStep(root, pass === 1 ? '' : `pass-${pass}/`),
    root,
    document: stage.document,
    documentInput,
    pass,
  });
}

/** The pipeline from the subject on, for an input the run's form or document proved. */
async function runOnSubject<TInput>(
  spec: PlannedWorkflowSpec<TInput>,
  services: WorkflowServices,
  context: {
    input: TInput;
    step: StepApi;
    /** The run's steps without this pass's prefix. */
    root: StepApi;
    document: DocumentEvidence | null;
    documentInput: ({ documentId: string } & Record<string, unknown>) | null;
    pass: number;
  },
): Promise<PlannedRunResult> {
  const { step, input, document } = context;
  const resolution = await resolveSubjectStep(step, services, spec, input);
  if (!resolution.found) {
    return turnDownUnknownSubject(step, services, resolution);
  }
  const { subject } = resolution;
  const provenance: ProvenanceContext = {
    subject,
    values: spec.writeValues(input, subject, document),
    input,
    document,
  };
  const planned = await planAndRead(spec, services, { input, step, provenance });
  if (planned.outcome === 'unplanned') return planned;
  const reads = new Map(Object.entries(planned.reads));
  const tools = {
    registry: services.tools,
    clients: services.clients,
    allowList: spec.planning.tools,
  };
  const propose = (signal?: AbortSignal) =>
    proposeWrites(planned.writes, reads, { ...tools, signal });
  const proposal: ProposedWrite[] = await step.run('propose-writes', (c) => propose(c.signal), {
    kind: 'gate',
  });
  const routed = await validateAndRoute(step, services, spec, {
    input,
    plan: planned.plan,
    reads,
    proposal,
    provenance,
  });
  const { evidence, proven } = routed;
  // After a reviewer's correction, the writes proposed on the corrected values are theirs to
  // approve: nothing is written on values a person changed without that person seeing it.
  const gate = gateForDocument(routed.gate, { document, proven, pass: context.pass });

  let writes = proposal;
  let reviewItemId: string | null = null;
  let approvedById: string | null = null;
  if (gate.decision === 'reject') {
    return turnDown(step, services, spec, evidence, {
      by: proven ? 'rules' : 'gate',
      reviewItemId,
      reasons: gate.reasons,
    });
  }
  if (gate.decision === 'review') {
    const review = await reviewWrites(step, {
      db: services.db,
      risk: gate.risk,
      reasons: gate.reasons,
      writes: proposal,
      summary: {
        ...spec.summarize(evidence, proposal),
        // The proof passed (or the run would have been turned down): every target is the subject.
        targets: proposal.map((write) => ({
          label: write.preview?.target ?? `${write.tool} (${write.why})`,
          onSubject: proven,
        })),
      },
      policy: spec.gate.review,
      proposeAgain: () => propose(),
    });
    reviewItemId = review.reviewItemId;
    if (review.verdict === 'expired') return { outcome: 'expired', reviewItemId };
    if (review.verdict === 'corrected') {
      return runCorrected(spec, services, context, review.corrections);
    }
    if (review.verdict === 'rejected') {
      const message =
        review.note ?? `Rejected by a reviewer (${review.reasonCode ?? 'no reason code'})`;
      return turnDown(step, services, spec, evidence, {
        by: 'reviewer',
        reviewItemId,
        reasons: [{ code: review.reasonCode ?? 'rejected', message }],
      });
    }
    writes = review.writes;
    approvedById = review.decidedById;
  }
  await waitForEffectiveDate(step, spec.writesNotBefore?.(input) ?? null);
  const actor = await step.run('actor', () => actorOf(services.db, approvedById), {
    kind: 'gate',
  });
  const outputs = await runApprovedWrites(step, { ...tools, subject, actor }, writes);
  return {
    outcome: 'completed',
    route: reviewItemId === null ? 'auto' : 'approved',
    reviewItemId,
    writes: Object.fromEntries([...outputs].map(([id, output]) => [id, output as JsonValue])),
  };
}

/**
 * A reviewer corrected what the document says: the corrected fields are recorded as a new round
 * and the pipeline runs again on them (subject, plan, reads, proof, gate), so the writes are
 * proposed again and a new approval is bound to them.
 */
async function runCorrected<TInput>(
  spec: PlannedWorkflowSpec<TInput>,
  services: WorkflowServices,
  context: {
    root: StepApi;
    document: DocumentEvidence | null;
    documentInput: ({ documentId: string } & Record<string, unknown>) | null;
    pass: number;
  },
  corrections: Record<string, string | number | null>,
): Promise<PlannedRunResult> {
  const { document, documentInput } = context;
  const specs = spec.document ? services.tools.get(spec.document.tool)?.model?.fields : undefined;
  if (!spec.document || !document || !documentInput || !specs) {
    throw new Error('A correction reached a run that read no document');
  }
  const pass = context.pass + 1;
  const fields = await context.root.run(
    `pass-${pass}/correction`,
    async (step) => {
      const corrected = correctedFields(document.fields, corrections, specs);
      await recordReading(services.db, {
        runId: step.runId,
        documentId: document.documentId,
        round: document.round + 1,
        tool: document.tool,
        provider: null,
        fields: corrected,
      });
      await recordValidation(
        services.db,
        step.runId,
        step.stepId,
        groundingRows(corrected, document.injections),
      );
      return corrected;
    },
    { kind: 'gate' },
  );
  return readThenRun(
    spec,
    services,
    context.root,
    documentInput,
    spec.document,
    { fields, round: document.round + 1, prefix: `pass-${pass}/` },
    pass,
  );
}

/** Who the writes are made for: the approving person (name and email), or `steward`. */
async function actorOf(db: WorkflowServices['db'], userId: string | null): Promise<string> {
  if (userId === null) return ACTOR_PLACEHOLDER;
  const { rows } = await db.query<{ name: string; email: string }>(
    'SELECT name, email FROM users WHERE id = $1',
    [userId],
  );
  const user = rows[0];
  return (user ? `${user.name} <${user.email}>` : `reviewer ${userId}`).slice(0, 200);
}

/** Writes that apply from a later day wait for it, durably (the run sleeps; no worker is held). */
async function waitForEffectiveDate(step: StepApi, notBefore: Date | null): Promise<void> {
  if (notBefore === null) return;
  const wait = await step.run(
    'effective-date',
    () => Math.max(0, notBefore.getTime() - Date.now()),
    {
      kind: 'gate',
    },
  );
  if (wait > 0) await step.sleep('wait-for-effective-date', wait);
}

/** The workflow definition of a planned workflow, for the engines' registries. */
export function definePlannedWorkflow<TInput>(
  spec: PlannedWorkflowSpec<TInput>,
  services: () => WorkflowServices,
): WorkflowDefinition<TInput | { documentId: string }, PlannedRunResult> {
  // A run is started with the typed fields, or (where the workflow takes documents) with a
  // document: an input with a documentId is held to the document input's schema, so a requester
  // hears what is wrong with the input they gave, not with both kinds at once.
  const documentSchema = spec.document?.input;
  const input: z.ZodType<TInput | { documentId: string }> = documentSchema
    ? z.unknown().transform((value, context) => {
        const schema = documentInputOf(value) === null ? spec.input : documentSchema;
        const parsed = schema.safeParse(value);
        if (parsed.success) return parsed.data;
        for (const issue of parsed.error.issues) {
          context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
        }
        return z.NEVER;
      })
    : spec.input;
  return defineWorkflow({
    id: spec.id,
    version: spec.version,
    title: spec.title,
    description: spec.description,
    input,
    forms: { typed: spec.input, document: spec.document?.input ?? null },
    tools: spec.planning.tools,
    run: ({ input, step }) => runPlannedWorkflow(spec, services(), { input, step }),
  });
}
