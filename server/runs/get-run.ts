import { z } from 'zod';
import type { Engine, ReplayMode, RunStatus, StepStatus } from '../../generated/prisma/enums.ts';
import { AppError } from '../app-error.ts';
import type { DbHandle } from '../db/client.ts';

/** How the engine records an error on a run or a step (`runs.error`, `step_checkpoints.error`). */
const ZRecordedErrorSchema = z
  .object({ errorClass: z.string().optional(), message: z.string().optional() })
  .nullable()
  .catch(null);

export interface TRecordedError {
  errorClass: string;
  message: string;
}

export interface TRunStep {
  stepId: string;
  kind: string;
  status: StepStatus;
  attempts: number;
  startedAt: Date;
  finishedAt: Date | null;
  error: TRecordedError | null;
}

export interface TRunDetail {
  id: string;
  workflowId: string;
  workflowVersion: number;
  status: RunStatus;
  engine: Engine;
  input: unknown;
  output: unknown;
  error: TRecordedError | null;
  requestedById: string | null;
  /** The run this one replays, and how. */
  replayOfId: string | null;
  replayMode: ReplayMode | null;
  /** Runs started as replays of this one, oldest first. */
  replays: { id: string; replayMode: ReplayMode | null; status: RunStatus; createdAt: Date }[];
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** In the order they started. */
  steps: TRunStep[];
}

function toRecordedError(value: unknown): TRecordedError | null {
  const parsed = ZRecordedErrorSchema.parse(value);
  if (!parsed) return null;
  return { errorClass: parsed.errorClass ?? 'Error', message: parsed.message ?? '' };
}

/**
 * One run with its steps, its error and its replay links: what `runs get` and a run page show.
 * Throws NOT_FOUND for an unknown id (or one that is not a run id at all).
 */
export async function getRun(db: DbHandle, params: { runId: string }): Promise<TRunDetail> {
  const notFound = new AppError('NOT_FOUND', `There is no run ${params.runId}.`);
  if (!z.guid().safeParse(params.runId).success) throw notFound;
  const run = await db.run.findUnique({
    where: { id: params.runId },
    include: {
      steps: { orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] },
      replays: {
        select: { id: true, replayMode: true, status: true, createdAt: true },
        orderBy: { createdAt: 'asc' },
      },
    },
  });
  if (!run) throw notFound;
  return {
    id: run.id,
    workflowId: run.workflowId,
    workflowVersion: run.workflowVersion,
    status: run.status,
    engine: run.engine,
    input: run.input,
    output: run.output,
    error: toRecordedError(run.error),
    requestedById: run.requestedById,
    replayOfId: run.replayOfId,
    replayMode: run.replayMode,
    replays: run.replays,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    finishedAt: run.finishedAt,
    steps: run.steps.map((step) => ({
      stepId: step.stepId,
      kind: step.kind,
      status: step.status,
      attempts: step.attemptCount,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
      error: toRecordedError(step.error),
    })),
  };
}

/**
 * Just a run's status and error, for callers that poll (`runs wait`). Throws NOT_FOUND for an
 * unknown id.
 */
export async function getRunState(
  db: DbHandle,
  params: { runId: string },
): Promise<{ status: RunStatus; error: TRecordedError | null }> {
  const notFound = new AppError('NOT_FOUND', `There is no run ${params.runId}.`);
  if (!z.guid().safeParse(params.runId).success) throw notFound;
  const run = await db.run.findUnique({
    where: { id: params.runId },
    select: { status: true, error: true },
  });
  if (!run) throw notFound;
  return { status: run.status, error: toRecordedError(run.error) };
}
