/**
 * The run timeline as zod schemas: what `run.get` returns and the run page shows. The service
 * parses the database's JSON columns with the parts of it, and the procedure declares the whole
 * as its output, so both sides agree on one shape.
 */
import { z } from 'zod';
import {
  DeadLetterResolution,
  Engine,
  ReplayMode,
  ReviewStatus,
  Risk,
  RuleSeverity,
  RunStatus,
  StepKind,
  StepStatus,
} from '../../generated/prisma/enums.ts';

/** A person as the timeline names them. */
export const ZPersonSchema = z.object({ id: z.string(), name: z.string() });

/** An error as recorded on a run or a step, without its stack (people see messages). */
export const ZTimelineErrorSchema = z.object({ errorClass: z.string(), message: z.string() });

/** Why one planner of the chain produced no plan (the planner's `PlannerFailure`). */
export const ZPlannerFailureSchema = z.object({
  planner: z.string(),
  kind: z.string(),
  message: z.string(),
  problems: z
    .array(z.object({ code: z.string(), stepId: z.string().nullable(), message: z.string() }))
    .catch([]),
});

/** The `plan` checkpoint's output: the accepted plan, or every reason no plan was accepted. */
export const ZTimelinePlanSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('accepted'),
    plan: z.object({
      steps: z.array(
        z.object({
          id: z.string(),
          tool: z.string(),
          input: z.record(z.string(), z.unknown()),
          why: z.string(),
        }),
      ),
      summary: z.string(),
      confidence: z.number(),
    }),
    planner: z.string(),
    modelCallId: z.string(),
    repaired: z.boolean(),
    failures: z.array(ZPlannerFailureSchema),
  }),
  z.object({ status: z.literal('rejected'), failures: z.array(ZPlannerFailureSchema) }),
]);

/** One attempt of a step, with how long it took. */
export const ZTimelineAttemptSchema = z.object({
  attempt: z.number().int(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  durationMs: z.number().int().nullable(),
  errorClass: z.string().nullable(),
  message: z.string().nullable(),
  retryInMs: z.number().nullable(),
});

/** What a step's tool does to the world, from the tool registry (null: not a tool, or unknown). */
export const ZSideEffectSchema = z.enum(['none', 'read', 'write', 'external']).nullable();

/** One checkpoint of the run. */
export const ZTimelineStepSchema = z.object({
  stepId: z.string(),
  kind: z.enum(StepKind),
  toolName: z.string().nullable(),
  sideEffect: ZSideEffectSchema,
  status: z.enum(StepStatus),
  attemptCount: z.number().int(),
  attempts: z.array(ZTimelineAttemptSchema),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  /** From the first attempt's start to the last one's end (or the checkpoint's own times). */
  durationMs: z.number().int().nullable(),
  output: z.unknown(),
  error: ZTimelineErrorSchema.nullable(),
  /** `<runId>:<stepId>`: what a write hands downstream, the same on every attempt and replay. */
  idempotencyKey: z.string().nullable(),
});

/** A write step (its tool writes or calls out), and the step that undid it, if any. */
export const ZTimelineWriteSchema = z.object({
  stepId: z.string(),
  tool: z.string(),
  status: z.enum(StepStatus),
  idempotencyKey: z.string().nullable(),
  output: z.unknown(),
  compensatedBy: z.string().nullable(),
});

/** A `compensate:<step>` step: the write it undid and how. */
export const ZTimelineCompensationSchema = z.object({
  stepId: z.string(),
  compensates: z.string(),
  tool: z.string().nullable(),
  status: z.enum(StepStatus),
  idempotencyKey: z.string().nullable(),
  output: z.unknown(),
  error: ZTimelineErrorSchema.nullable(),
});

export const ZTimelineModelCallSchema = z.object({
  id: z.string(),
  stepId: z.string().nullable(),
  provider: z.string(),
  model: z.string(),
  latencyMs: z.number().int(),
  inputTokens: z.number().int().nullable(),
  outputTokens: z.number().int().nullable(),
  error: ZTimelineErrorSchema.nullable(),
  /** What the plan checks said about the answer (`{ ok, problems }`), when it had one. */
  checkResults: z.unknown(),
  /** This call's answer is the plan the run follows. */
  isAccepted: z.boolean(),
  createdAt: z.date(),
});

export const ZTimelineValidationSchema = z.object({
  stepId: z.string().nullable(),
  rule: z.string(),
  severity: z.enum(RuleSeverity),
  passed: z.boolean(),
  message: z.string(),
  details: z.unknown(),
  createdAt: z.date(),
});

/** The reasons a review item gives, as recorded. */
export const ZReviewReasonsSchema = z
  .array(z.object({ code: z.string(), message: z.string() }))
  .catch([]);

export const ZTimelineReviewSchema = z.object({
  id: z.string(),
  stepId: z.string(),
  status: z.enum(ReviewStatus),
  risk: z.enum(Risk),
  reasons: ZReviewReasonsSchema,
  proposedWrites: z.array(z.unknown()),
  writesHash: z.string(),
  decidedBy: ZPersonSchema.nullable(),
  decidedAt: z.date().nullable(),
  reasonCode: z.string().nullable(),
  note: z.string().nullable(),
  timeOnItemMs: z.number().int().nullable(),
  expiresAt: z.date().nullable(),
  createdAt: z.date(),
});

export const ZTimelineDeadLetterSchema = z.object({
  id: z.string(),
  stepId: z.string(),
  errorClass: z.string(),
  message: z.string(),
  attempts: z.number().int(),
  groupKey: z.string(),
  resolution: z.enum(DeadLetterResolution).nullable(),
  resolvedBy: ZPersonSchema.nullable(),
  resolvedAt: z.date().nullable(),
  resolutionNote: z.string().nullable(),
  createdAt: z.date(),
});

export const ZTimelineAuditSchema = z.object({
  id: z.string(),
  at: z.date(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  actor: ZPersonSchema.nullable(),
  data: z.unknown(),
});

/** Everything the run page shows about one run. */
export const ZRunTimelineSchema = z.object({
  run: z.object({
    id: z.string(),
    workflowId: z.string(),
    workflowTitle: z.string(),
    workflowVersion: z.number().int(),
    status: z.enum(RunStatus),
    /** Finished for good (succeeded, failed, dead, cancelled): nothing more will happen. */
    isTerminal: z.boolean(),
    engine: z.enum(Engine),
    input: z.unknown(),
    output: z.unknown(),
    error: ZTimelineErrorSchema.nullable(),
    requester: ZPersonSchema.extend({ email: z.string() }).nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    finishedAt: z.date().nullable(),
    replayOf: z
      .object({ id: z.string(), mode: z.enum(ReplayMode).nullable(), status: z.enum(RunStatus) })
      .nullable(),
    replays: z.array(
      z.object({
        id: z.string(),
        mode: z.enum(ReplayMode).nullable(),
        status: z.enum(RunStatus),
        createdAt: z.date(),
      }),
    ),
  }),
  plan: ZTimelinePlanSchema.nullable(),
  steps: z.array(ZTimelineStepSchema),
  writes: z.array(ZTimelineWriteSchema),
  compensations: z.array(ZTimelineCompensationSchema),
  modelCalls: z.array(ZTimelineModelCallSchema),
  validation: z.array(ZTimelineValidationSchema),
  reviewItems: z.array(ZTimelineReviewSchema),
  deadLetters: z.array(ZTimelineDeadLetterSchema),
  audit: z.array(ZTimelineAuditSchema),
});
export type TRunTimeline = z.infer<typeof ZRunTimelineSchema>;
export type TTimelineStep = z.infer<typeof ZTimelineStepSchema>;
