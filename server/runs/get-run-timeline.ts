/**
 * The timeline of one run: the run and its replay links both ways, the plan and its checks,
 * every checkpoint with its attempts, the model calls, the validation results, the review items
 * and their decisions, the writes with their idempotency keys, the compensations, the dead
 * letters and the audit events about any of them. Two round trips: the run with its relations
 * (one query per relation, never per row), then the audit events of the run, its review items
 * and its dead letters.
 */
import { z } from 'zod';
import { AppError } from '../app-error.ts';
import type { DbHandle } from '../db/client.ts';
import { TERMINAL_STATUSES } from '../engine/runs.ts';
import { ZAttemptSchema } from '../engine/store.ts';
import { toolRegistry } from '../tools/index.ts';
import { registry } from '../workflows/index.ts';
import {
  type TRunTimeline,
  type TTimelineStep,
  ZReviewReasonsSchema,
  ZRunTimelineSchema,
  ZTimelinePlanSchema,
} from './timeline-schema.ts';

const COMPENSATION_PREFIX = 'compensate:';

const ZStoredErrorSchema = z
  .object({ errorClass: z.string().optional(), message: z.string().optional() })
  .nullable()
  .catch(null);

/** A recorded error without its stack; null when there is none. */
function errorOf(value: unknown) {
  const parsed = ZStoredErrorSchema.parse(value ?? null);
  if (!parsed) return null;
  return { errorClass: parsed.errorClass ?? 'Error', message: parsed.message ?? '' };
}

const ZAttemptsSchema = z.array(ZAttemptSchema).catch([]);

function millisBetween(start: Date | null, end: Date | null): number | null {
  if (!start || !end) return null;
  return Math.max(0, end.getTime() - start.getTime());
}

function dateOrNull(value: string | null): Date | null {
  if (value === null) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

interface TCheckpointRow {
  stepId: string;
  kind: TTimelineStep['kind'];
  toolName: string | null;
  status: TTimelineStep['status'];
  attemptCount: number;
  attempts: unknown;
  output: unknown;
  error: unknown;
  idempotencyKey: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** One checkpoint as the timeline shows it, its attempts parsed and timed. */
function toStep(row: TCheckpointRow): TTimelineStep {
  const attempts = ZAttemptsSchema.parse(row.attempts).map((attempt) => {
    const startedAt = dateOrNull(attempt.startedAt) ?? row.startedAt;
    const finishedAt = dateOrNull(attempt.finishedAt);
    return {
      attempt: attempt.attempt,
      startedAt,
      finishedAt,
      durationMs: millisBetween(startedAt, finishedAt),
      errorClass: attempt.errorClass,
      message: attempt.message,
      retryInMs: attempt.retryInMs ?? null,
    };
  });
  const first = attempts[0];
  const last = attempts.at(-1);
  // An idempotent step's checkpoint row is written when it ends: its attempts know when it began.
  const startedAt = first?.startedAt ?? row.startedAt;
  const finishedAt = last?.finishedAt ?? row.finishedAt;
  return {
    stepId: row.stepId,
    kind: row.kind,
    toolName: row.toolName,
    sideEffect: row.toolName ? (toolRegistry.get(row.toolName)?.sideEffect ?? null) : null,
    status: row.status,
    attemptCount: row.attemptCount,
    attempts,
    startedAt,
    finishedAt: row.finishedAt,
    durationMs: millisBetween(startedAt, finishedAt),
    output: row.output,
    error: errorOf(row.error),
    idempotencyKey: row.idempotencyKey,
  };
}

/**
 * Everything the run page shows about one run. `requestedById` limits it to that requester's
 * runs: another's run is NOT_FOUND, exactly like an unknown id, so ids are not confirmed.
 */
export async function getRunTimeline(
  db: DbHandle,
  params: { runId: string; requestedById?: string | undefined },
): Promise<TRunTimeline> {
  const notFound = new AppError('NOT_FOUND', `There is no run ${params.runId}.`);
  if (!z.guid().safeParse(params.runId).success) throw notFound;
  const person = { select: { id: true, name: true } } as const;
  const run = await db.run.findFirst({
    where: {
      id: params.runId,
      ...(params.requestedById === undefined ? {} : { requestedById: params.requestedById }),
    },
    include: {
      requestedBy: { select: { id: true, name: true, email: true } },
      replayOf: { select: { id: true, status: true } },
      replays: {
        select: { id: true, replayMode: true, status: true, createdAt: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      },
      steps: { orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] },
      modelCalls: {
        select: {
          id: true,
          stepId: true,
          provider: true,
          model: true,
          latencyMs: true,
          inputTokens: true,
          outputTokens: true,
          error: true,
          checkResults: true,
          createdAt: true,
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      },
      validations: { orderBy: [{ createdAt: 'asc' }, { rule: 'asc' }] },
      reviewItems: { include: { decidedBy: person }, orderBy: [{ createdAt: 'asc' }] },
      deadLetters: { include: { resolvedBy: person }, orderBy: [{ createdAt: 'asc' }] },
    },
  });
  if (!run) throw notFound;

  const subjects = [
    { subjectType: 'run', subjectId: run.id },
    ...run.reviewItems.map((item) => ({ subjectType: 'review_item', subjectId: item.id })),
    ...run.deadLetters.map((letter) => ({ subjectType: 'dead_letter', subjectId: letter.id })),
  ];
  const audit = await db.auditEvent.findMany({
    where: { OR: subjects },
    include: { actor: person },
    orderBy: { id: 'asc' },
  });

  const planCheckpoint = run.steps.find((step) => step.kind === 'plan' && step.stepId === 'plan');
  const plan = planCheckpoint
    ? (ZTimelinePlanSchema.nullable()
        .catch(null)
        .parse(planCheckpoint.output ?? null) ?? null)
    : null;
  const acceptedCallId = plan?.status === 'accepted' ? plan.modelCallId : null;

  // Ordered by when each step began (its first attempt), the checkpoint id breaking ties.
  const steps = run.steps
    .map(toStep)
    .map((step, index) => ({ step, index }))
    .sort((a, b) => a.step.startedAt.getTime() - b.step.startedAt.getTime() || a.index - b.index)
    .map(({ step }) => step);
  const compensations = steps
    .filter((step) => step.kind === 'compensate')
    .map((step) => ({
      stepId: step.stepId,
      compensates: step.stepId.startsWith(COMPENSATION_PREFIX)
        ? step.stepId.slice(COMPENSATION_PREFIX.length)
        : step.stepId,
      tool: step.toolName,
      status: step.status,
      idempotencyKey: step.idempotencyKey,
      output: step.output,
      error: step.error,
    }));
  const writes = steps
    .filter(
      (step) =>
        step.kind === 'tool' && (step.sideEffect === 'write' || step.sideEffect === 'external'),
    )
    .map((step) => ({
      stepId: step.stepId,
      tool: step.toolName ?? step.stepId,
      status: step.status,
      idempotencyKey: step.idempotencyKey,
      output: step.output,
      compensatedBy:
        compensations.find((compensation) => compensation.compensates === step.stepId)?.stepId ??
        null,
    }));

  return ZRunTimelineSchema.parse({
    run: {
      id: run.id,
      workflowId: run.workflowId,
      workflowTitle: registry.get(run.workflowId)?.title ?? run.workflowId,
      workflowVersion: run.workflowVersion,
      status: run.status,
      isTerminal: (TERMINAL_STATUSES as readonly string[]).includes(run.status),
      engine: run.engine,
      input: run.input,
      output: run.output,
      error: errorOf(run.error),
      requester: run.requestedBy,
      createdAt: run.createdAt,
      updatedAt: run.updatedAt,
      finishedAt: run.finishedAt,
      replayOf: run.replayOf
        ? { id: run.replayOf.id, mode: run.replayMode, status: run.replayOf.status }
        : null,
      replays: run.replays.map((replay) => ({
        id: replay.id,
        mode: replay.replayMode,
        status: replay.status,
        createdAt: replay.createdAt,
      })),
    },
    plan,
    steps,
    writes,
    compensations,
    modelCalls: run.modelCalls.map((call) => ({
      ...call,
      error: errorOf(call.error),
      isAccepted: call.id === acceptedCallId,
    })),
    validation: run.validations.map((result) => ({
      stepId: result.stepId,
      rule: result.rule,
      severity: result.severity,
      passed: result.passed,
      message: result.message,
      details: result.details,
      createdAt: result.createdAt,
    })),
    reviewItems: run.reviewItems.map((item) => ({
      id: item.id,
      stepId: item.stepId,
      status: item.status,
      risk: item.risk,
      reasons: ZReviewReasonsSchema.parse(item.reasons),
      proposedWrites: z.array(z.unknown()).catch([]).parse(item.proposedWrites),
      writesHash: item.writesHash,
      decidedBy: item.decidedBy,
      decidedAt: item.decidedAt,
      reasonCode: item.reasonCode,
      note: item.note,
      timeOnItemMs: item.timeOnItemMs,
      expiresAt: item.expiresAt,
      createdAt: item.createdAt,
    })),
    deadLetters: run.deadLetters.map((letter) => ({
      id: letter.id,
      stepId: letter.stepId,
      errorClass: letter.errorClass,
      message: letter.message,
      attempts: letter.attempts,
      groupKey: letter.groupKey,
      resolution: letter.resolution,
      resolvedBy: letter.resolvedBy,
      resolvedAt: letter.resolvedAt,
      resolutionNote: letter.resolutionNote,
      createdAt: letter.createdAt,
    })),
    audit: audit.map((event) => ({
      id: event.id.toString(),
      at: event.at,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      actor: event.actor,
      data: event.data,
    })),
  });
}
