/**
 * What the review console reads: a queue row, the detail pane and the reviewer's figures, as zod
 * schemas. The services parse database JSON with them, and the procedures declare them as
 * their outputs, so both sides agree on one shape.
 */
import { z } from 'zod';

/** A review item's risk. */
export const ZRiskSchema = z.enum(['low', 'medium', 'high']);

/** Why the item was flagged, as the queue shows it. */
export const ZQueueReasonSchema = z.object({ code: z.string(), message: z.string() });

/** The item at a glance; items opened before summaries existed have an empty one. */
export const ZQueueSummarySchema = z.object({
  title: z.string().default(''),
  figures: z.array(z.object({ label: z.string(), value: z.string() })).default([]),
  targets: z.array(z.object({ label: z.string(), onSubject: z.boolean() })).default([]),
});

/** Who asked for the run; null when nobody did (a system trigger) or the user is gone. */
export const ZRequesterSchema = z.object({ id: z.string(), name: z.string() }).nullable();

/** One row of the review queue. */
export const ZQueueItemSchema = z.object({
  id: z.string(),
  runId: z.string(),
  workflowId: z.string(),
  workflowTitle: z.string(),
  requester: ZRequesterSchema,
  createdAt: z.date(),
  risk: ZRiskSchema,
  status: z.enum(['pending', 'escalated']),
  reasons: z.array(ZQueueReasonSchema),
  summary: ZQueueSummarySchema,
});
export type TQueueItem = z.infer<typeof ZQueueItemSchema>;

/** A page of the queue, with how many items match the filters in all. */
export const ZQueuePageSchema = z.object({
  items: z.array(ZQueueItemSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});
export type TQueuePage = z.infer<typeof ZQueuePageSchema>;

/** A write an approval allows, with what it changes now (null while it waits on an earlier write). */
export const ZProposedWriteSchema = z.object({
  stepId: z.string(),
  tool: z.string(),
  input: z.record(z.string(), z.unknown()),
  sideEffect: z.enum(['write', 'external']),
  reversible: z.boolean(),
  preview: z
    .object({
      target: z.string(),
      changes: z.array(
        z.object({ field: z.string(), current: z.unknown(), proposed: z.unknown() }),
      ),
    })
    .nullable(),
  dependsOn: z.array(z.string()),
  why: z.string(),
  unresolved: z.string().nullable(),
  modelWritten: z.array(z.string()).default([]),
  filledOnApproval: z.array(z.string()).default([]),
});

/** The plan the run follows, from its `plan` checkpoint. */
export const ZReviewPlanSchema = z.object({
  summary: z.string(),
  confidence: z.number(),
  planner: z.string(),
  steps: z.array(
    z.object({
      id: z.string(),
      tool: z.string(),
      why: z.string(),
      input: z.record(z.string(), z.unknown()),
    }),
  ),
});

/** Everything the detail pane shows for one item. */
export const ZReviewDetailSchema = z.object({
  item: ZQueueItemSchema.extend({
    status: z.enum(['pending', 'approved', 'rejected', 'expired', 'escalated', 'superseded']),
    proposedWrites: z.array(ZProposedWriteSchema),
    writesHash: z.string(),
  }),
  run: z.object({
    id: z.string(),
    workflowId: z.string(),
    workflowTitle: z.string(),
    input: z.unknown(),
    requester: ZRequesterSchema,
    createdAt: z.date(),
    status: z.string(),
  }),
  plan: ZReviewPlanSchema.nullable(),
  steps: z.array(
    z.object({
      stepId: z.string(),
      toolName: z.string().nullable(),
      status: z.string(),
      attemptCount: z.number().int(),
      output: z.unknown(),
      error: z.unknown(),
    }),
  ),
  validation: z.array(
    z.object({
      rule: z.string(),
      severity: z.enum(['info', 'warning', 'error']),
      passed: z.boolean(),
      message: z.string(),
      details: z.unknown(),
    }),
  ),
  modelCalls: z.array(
    z.object({
      provider: z.string(),
      model: z.string(),
      latencyMs: z.number().int(),
      inputTokens: z.number().int().nullable(),
      outputTokens: z.number().int().nullable(),
      errorClass: z.string().nullable(),
      checkOk: z.boolean().nullable(),
    }),
  ),
});
export type TReviewDetail = z.infer<typeof ZReviewDetailSchema>;

/** The reviewer's figures: what is left, and the pace of their current sitting. */
export const ZReviewStatsSchema = z.object({
  pending: z.number().int(),
  sitting: z.object({
    startedAt: z.date().nullable(),
    decisions: z.number().int(),
    perHour: z.number(),
  }),
});
export type TReviewStats = z.infer<typeof ZReviewStatsSchema>;
