/**
 * One execution of one claimed run on the embedded engine: re-run the workflow function from the
 * top against its checkpoints, and record how it ended (succeeded, suspended, dead). A heartbeat
 * keeps the lease while a long step runs; losing the lease aborts the execution without writing.
 */

import type { ClaimedRun } from './claim.ts';
import { deadLetterGroupKey } from './dead-letter-group.ts';
import type { WorkflowRegistry } from './define-workflow.ts';
import { EmbeddedSteps, RunSuspended } from './embedded-steps.ts';
import { describeError, InputValidationError, LeaseLostError, StepFailedError } from './errors.ts';
import {
  type Checkpoint,
  completeRun,
  heartbeat,
  killRun,
  loadCheckpoints,
  type Queryable,
} from './store.ts';
import type { JsonValue } from './types.ts';

export type ExecutionOutcome =
  | { kind: 'succeeded' }
  | { kind: 'suspended'; wakeAt: Date | null }
  | { kind: 'dead'; stepId: string; errorClass: string }
  | { kind: 'lease-lost' };

export interface ExecuteRunOptions {
  db: Queryable;
  registry: WorkflowRegistry;
  run: ClaimedRun;
  /** The run's checkpoints, when the worker loaded them for its whole claimed batch. */
  checkpoints?: Map<string, Checkpoint>;
  leaseMs: number;
  isStopping: () => boolean;
}

/** Step id recorded when a run fails outside any step (bad input, an error in workflow code). */
export const WORKFLOW_STEP = '$workflow';
export const INPUT_STEP = '$input';

function toJsonOutput(value: unknown): JsonValue | null {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

async function bury(
  options: ExecuteRunOptions,
  stepId: string,
  error: unknown,
  attempts: number,
): Promise<ExecutionOutcome> {
  const { run } = options;
  const failure = describeError(error);
  const errorClass = error instanceof StepFailedError ? error.errorClass : failure.errorClass;
  // The dead letter has its own step, class and attempts columns: keep the step's own words.
  const message = error instanceof StepFailedError ? error.stepMessage : failure.message;
  const isBuried = await killRun(options.db, run.id, run.leaseToken, {
    stepId,
    errorClass,
    message,
    stack: failure.stack ?? null,
    attempts,
    groupKey: deadLetterGroupKey({ workflowId: run.workflowId, stepId, errorClass, message }),
  });
  return isBuried ? { kind: 'dead', stepId, errorClass } : { kind: 'lease-lost' };
}

/** Executes a claimed run until it finishes, suspends, dies, or this worker loses it. */
export async function executeRun(options: ExecuteRunOptions): Promise<ExecutionOutcome> {
  const { db, registry, run, leaseMs } = options;
  const workflow = registry.get(run.workflowId);
  if (!workflow) {
    return bury(
      options,
      WORKFLOW_STEP,
      new Error(`No workflow "${run.workflowId}" is registered with this worker`),
      0,
    );
  }
  const parsedInput = workflow.input.safeParse(run.input);
  if (!parsedInput.success) {
    const problems = parsedInput.error.issues.map(
      (issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
    );
    return bury(
      options,
      INPUT_STEP,
      new InputValidationError(`The run's input is not valid: ${problems.join('; ')}`),
      1,
    );
  }

  const controller = new AbortController();
  const beat = setInterval(
    () => {
      heartbeat(db, run.id, run.leaseToken, leaseMs).then(
        (isHeld) => {
          if (!isHeld) controller.abort(new LeaseLostError(run.id));
        },
        () => {}, // the database is unreachable: the next checkpoint will tell
      );
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  );

  try {
    const steps = new EmbeddedSteps({
      db,
      runId: run.id,
      leaseToken: run.leaseToken,
      leaseMs,
      checkpoints:
        options.checkpoints ?? (await loadCheckpoints(db, [run.id])).get(run.id) ?? new Map(),
      workflowRetry: workflow.retry,
      runCreatedAt: run.createdAt,
      signal: controller.signal,
      isStopping: options.isStopping,
    });
    let output: unknown;
    try {
      output = await workflow.run({
        input: parsedInput.data,
        step: steps,
        run: {
          id: run.id,
          workflowId: run.workflowId,
          workflowVersion: run.workflowVersion,
          requestedById: run.requestedById,
          replayOfId: run.replayOfId,
        },
      });
    } catch (error) {
      if (steps.suspended) return { kind: 'suspended', wakeAt: steps.suspended.wakeAt };
      if (error instanceof RunSuspended) return { kind: 'suspended', wakeAt: error.wakeAt };
      if (error instanceof LeaseLostError || controller.signal.aborted)
        return { kind: 'lease-lost' };
      if (error instanceof StepFailedError)
        return bury(options, error.stepId, error, error.attempts);
      if (isConnectionError(error)) throw error;
      return bury(options, WORKFLOW_STEP, error, 1);
    }
    // Workflow code that swallowed a suspension must not complete the run.
    if (steps.suspended) return { kind: 'suspended', wakeAt: steps.suspended.wakeAt };
    if (controller.signal.aborted) return { kind: 'lease-lost' };
    const isCompleted = await completeRun(db, run.id, run.leaseToken, toJsonOutput(output));
    return isCompleted ? { kind: 'succeeded' } : { kind: 'lease-lost' };
  } finally {
    clearInterval(beat);
  }
}

/** Errors that mean "the database is not there right now", not "the run is broken". */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error ? String(error.code) : '';
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT',
      '57P01',
      '57P02',
      '57P03',
      '08006',
      '08003',
      '08001',
    ].includes(code) ||
    /Connection terminated|connection.*(closed|ended)|Client has encountered a connection error/i.test(
      error.message,
    )
  );
}
