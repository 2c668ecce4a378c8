/**
 * What the dead-letter admin reads and sends, as zod schemas: the services parse database rows
 * with them and the procedures declare them as inputs and outputs, so both sides agree.
 */
import { z } from 'zod';

/** The filters of the groups and the list: workflow, step, error class, and age. */
export const ZDeadLetterFiltersSchema = z.object({
  workflowId: z.string().min(1).max(200).optional(),
  stepId: z.string().min(1).max(200).optional(),
  errorClass: z.string().min(1).max(200).optional(),
  /** Dead letters at least this old. */
  minAgeMinutes: z.number().min(0).max(10_000_000).optional(),
});
export type TDeadLetterFilters = z.infer<typeof ZDeadLetterFiltersSchema>;

/** One root cause: open dead letters of one workflow, step, error class and normalised message. */
export const ZDeadLetterGroupSchema = z.object({
  groupKey: z.string(),
  workflowId: z.string(),
  workflowTitle: z.string(),
  stepId: z.string(),
  errorClass: z.string(),
  /** The message with what varies (ids, numbers, quoted values) replaced by placeholders. */
  normalisedMessage: z.string(),
  /** The newest message of the group, as the step reported it. */
  sampleMessage: z.string(),
  count: z.number().int(),
  oldestAt: z.date(),
  newestAt: z.date(),
});
export type TDeadLetterGroup = z.infer<typeof ZDeadLetterGroupSchema>;

/** One open dead letter as the list shows it, with the run's input. */
export const ZDeadLetterRowSchema = z.object({
  id: z.string(),
  runId: z.string(),
  groupKey: z.string(),
  workflowId: z.string(),
  workflowTitle: z.string(),
  stepId: z.string(),
  errorClass: z.string(),
  message: z.string(),
  attempts: z.number().int(),
  createdAt: z.date(),
  input: z.unknown(),
});
export type TDeadLetterRow = z.infer<typeof ZDeadLetterRowSchema>;

/** A page of open dead letters, oldest first, with how many match in all. */
export const ZDeadLetterPageSchema = z.object({
  items: z.array(ZDeadLetterRowSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});
export type TDeadLetterPage = z.infer<typeof ZDeadLetterPageSchema>;

/** One attempt of a step, as step_checkpoints.attempts records it. */
export const ZStepAttemptSchema = z.object({
  attempt: z.number().int().optional(),
  startedAt: z.string().nullish(),
  finishedAt: z.string().nullish(),
  errorClass: z.string().nullish(),
  message: z.string().nullish(),
});

/** Everything the inspector shows for one dead-lettered run. */
export const ZDeadLetterDetailSchema = z.object({
  deadLetter: ZDeadLetterRowSchema.extend({
    stack: z.string().nullable(),
    resolution: z.enum(['replayed', 'discarded']).nullable(),
    resolutionNote: z.string().nullable(),
    resolvedAt: z.date().nullable(),
  }),
  run: z.object({ id: z.string(), status: z.string(), input: z.unknown() }),
  /** The workflow's input JSON Schema, for the corrected-input editor; null if unregistered. */
  inputSchema: z.record(z.string(), z.unknown()).nullable(),
  /** The failed step's checkpoint and its attempts (null once a replay removed it). */
  failedStep: z
    .object({
      stepId: z.string(),
      toolName: z.string().nullable(),
      status: z.string(),
      attemptCount: z.number().int(),
      attempts: z.array(ZStepAttemptSchema),
      error: z.unknown(),
    })
    .nullable(),
});
export type TDeadLetterDetail = z.infer<typeof ZDeadLetterDetailSchema>;

/** How a dead-lettered run is replayed. */
export const ZReplayModeSchema = z.enum(['from_failed_step', 'from_start', 'with_input']);

/** The most runs one replay or discard request may name. */
export const MAX_RUNS_PER_REQUEST = 500;

/** A replay request: runs, mode, and the corrected input for `with_input`. */
export const ZReplayDeadLettersSchema = z.object({
  runIds: z.array(z.uuid()).min(1).max(MAX_RUNS_PER_REQUEST),
  mode: ZReplayModeSchema,
  input: z.unknown().optional(),
});

/** One run of a replay: the run that executes now, or why it was refused. */
export const ZReplayOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    originRunId: z.string(),
    runId: z.string(),
    mode: ZReplayModeSchema,
  }),
  z.object({
    ok: z.literal(false),
    originRunId: z.string(),
    runId: z.string().nullable(),
    code: z.string(),
    message: z.string(),
  }),
]);
export type TReplayOutcome = z.infer<typeof ZReplayOutcomeSchema>;

/** A discard request: runs, and why (required). */
export const ZDiscardDeadLettersSchema = z.object({
  runIds: z.array(z.uuid()).min(1).max(MAX_RUNS_PER_REQUEST),
  reason: z.string().trim().min(1, 'Say why the dead letters are discarded.').max(2000),
});

/** One run of a discard: its dead letter discarded, or why not. */
export const ZDiscardOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), runId: z.string(), deadLetterId: z.string() }),
  z.object({ ok: z.literal(false), runId: z.string(), code: z.string(), message: z.string() }),
]);
export type TDiscardOutcome = z.infer<typeof ZDiscardOutcomeSchema>;
