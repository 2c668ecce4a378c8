import type { z } from 'zod';
import type { Duration } from './duration.ts';
import type { StepFailedError } from './errors.ts';
import type { RetryPolicy } from './retry.ts';

/** A value that survives a round trip through a jsonb column unchanged. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** The kind of a recorded step, as the run timeline shows it. */
export type StepKind = 'plan' | 'tool' | 'validate' | 'gate' | 'sleep' | 'wait' | 'compensate';

/** What a step's code receives. */
export interface StepContext {
  runId: string;
  stepId: string;
  /**
   * `<runId>:<stepId>`: the same on every attempt, retry and replay of this step, so a write made
   * with it downstream is applied once.
   */
  idempotencyKey: string;
  /** 1 on the first attempt. */
  attempt: number;
  /** Aborted when the worker loses its lease or shuts down; long steps should pass it on. */
  signal: AbortSignal;
}

export interface StepRunOptions<T> {
  /** Overrides of the workflow's (or the default) retry policy for this step. */
  retry?: Partial<RetryPolicy>;
  /**
   * The alternative once attempts are exhausted (or the error is not retriable): its result
   * becomes the step's. It is a step of its own (`<id>.fallback`), with its own attempts.
   */
  fallback?: (context: StepContext & { error: StepFailedError }) => Promise<T> | T;
  /**
   * `false` when running the code twice could apply its effect twice. If a worker dies during
   * such a step, nobody knows whether the effect happened: the run goes to "needs
   * reconciliation" instead of trying again. Default `true`.
   */
  idempotent?: boolean;
  /** Recorded on the checkpoint for the timeline; default `tool`. */
  kind?: StepKind;
  /** The registry tool this step runs, if any. */
  toolName?: string;
}

/** An event as a waiting step receives it. */
export interface EngineEvent<TData = JsonValue> {
  id: string;
  name: string;
  data: TData;
  createdAt: string;
}

export interface WaitForEventOptions {
  event: string;
  /** Fields the event's data must contain (jsonb containment), e.g. `{ reviewItemId }`. */
  match?: { [key: string]: JsonValue };
  /** After this long the step returns `null`. */
  timeout: Duration;
  /**
   * The run's status while it waits: `needs_review` when a person must act (a review item is
   * open), so queues and dashboards count it as such. Default `waiting`.
   */
  status?: WaitStatus;
}

/** The statuses a run may wait in: for an event from a system, or for a person. */
export type WaitStatus = 'waiting' | 'needs_review';

/** The step API workflow code is written against; the same on every engine. */
export interface StepApi {
  /** Runs `fn` once per run (memoized by `id`), with retries, backoff and fallback. */
  run<T>(
    id: string,
    fn: (context: StepContext) => Promise<T> | T,
    options?: StepRunOptions<T>,
  ): Promise<T>;
  /** Pauses the run durably; no worker is held while it sleeps. */
  sleep(id: string, duration: Duration): Promise<void>;
  /** Pauses the run until a matching event arrives, or returns `null` after the timeout. */
  waitForEvent<TData = JsonValue>(
    id: string,
    options: WaitForEventOptions,
  ): Promise<EngineEvent<TData> | null>;
}

/** Facts about the run a workflow function executes. */
export interface RunInfo {
  id: string;
  workflowId: string;
  workflowVersion: number;
  requestedById: string | null;
  replayOfId: string | null;
}

/** A workflow: written once against the step API, run by the embedded engine or Inngest. */
export interface WorkflowDefinition<TInput = unknown, TOutput = unknown> {
  id: string;
  version: number;
  /** For requesters and the catalogue: what the workflow does. */
  title: string;
  description: string;
  input: z.ZodType<TInput>;
  /**
   * Where the input is a choice (typed fields, or a document): the typed fields the form shows,
   * and the input of a run handed a document (its `documentId` and the fields no document holds).
   */
  forms?: { typed: z.ZodType; document: z.ZodType | null };
  /** At most this many runs of the workflow execute at once, across all workers. */
  concurrency?: number;
  /** Default retry policy of its steps. */
  retry?: Partial<RetryPolicy>;
  /** The registry tools its plans may use (its allow-list); the planner sees only these. */
  tools?: readonly string[];
  run(context: { input: TInput; step: StepApi; run: RunInfo }): Promise<TOutput>;
}
