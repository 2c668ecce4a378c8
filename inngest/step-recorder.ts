/**
 * Writes the checkpoints of one Inngest request of one run and keeps the run's checkpoints (read
 * at the start of the request) up to date in memory, as the embedded engine does, so later
 * steps of the same request see what earlier ones recorded.
 */
import { NonRetriableError as InngestNonRetriableError } from 'inngest';
import { eventsCountSince } from '../server/engine/step-values.ts';
import type { CheckpointWrite, Queryable } from '../server/engine/store.ts';
import {
  type InngestCheckpoint,
  type InngestRunMove,
  writeInngestCheckpoint,
} from './run-store.ts';
import { RunStoppedError } from './step-outcomes.ts';

const NOT_ACTIVE = 'it is no longer active in Steward (cancelled or finished)';

/**
 * The error a step body throws when the run must not go on: Inngest must not retry the step,
 * and the cause tells the next request that the run stopped (no dead letter, no fallback).
 */
export function stopInsideStep(reason: string): InngestNonRetriableError {
  return new InngestNonRetriableError(`The run stopped: ${reason}`, {
    cause: { steward: 'run-stopped', reason },
  });
}

export class StepRecorder {
  readonly db: Queryable;
  readonly runId: string;
  readonly checkpoints: Map<string, InngestCheckpoint>;
  readonly now: () => number;

  constructor(options: {
    db: Queryable;
    runId: string;
    checkpoints: Map<string, InngestCheckpoint>;
    now: () => number;
  }) {
    this.db = options.db;
    this.runId = options.runId;
    this.checkpoints = options.checkpoints;
    this.now = options.now;
  }

  /** The step as recorded, if it is. */
  get(stepId: string): InngestCheckpoint | undefined {
    return this.checkpoints.get(stepId);
  }

  /**
   * Records a checkpoint and moves the run. A refused write (the run was cancelled or finished)
   * stops the run: inside an Inngest step body with Inngest's non-retriable error, outside with
   * RunStoppedError.
   */
  async record(move: InngestRunMove, write: CheckpointWrite, isInStep: boolean): Promise<void> {
    const isWritten = await writeInngestCheckpoint(this.db, this.runId, move, write);
    if (!isWritten) throw isInStep ? stopInsideStep(NOT_ACTIVE) : new RunStoppedError(NOT_ACTIVE);
    this.checkpoints.set(write.stepId, {
      stepId: write.stepId,
      status: write.status,
      attemptCount: write.attemptCount,
      output: write.output ?? null,
      error: write.error ?? null,
      wakeAt: write.wakeAt ?? null,
      finishedAt: write.isFinished ? new Date(this.now()) : null,
      waitEvent: write.waitEvent ?? null,
    });
  }

  /** Marks a step closed in memory after a write made elsewhere (a wait closed in SQL). */
  markSucceeded(stepId: string, output: unknown): void {
    const checkpoint = this.checkpoints.get(stepId);
    if (!checkpoint) return;
    checkpoint.status = 'succeeded';
    checkpoint.output = output;
    checkpoint.finishedAt = new Date(this.now());
  }

  /** The earliest an event this run is about to wait for may have been sent and still count. */
  eventsCountSince(runCreatedAt: Date): Date {
    return eventsCountSince(this.checkpoints.values(), runCreatedAt);
  }
}
