/**
 * Turns workflow definitions into Inngest functions. A function triggers on
 * `steward/run.requested` for its workflow, reads the run from our tables (the system of record),
 * and runs the same workflow code as the embedded engine on a step API built on Inngest's steps
 * (inngest-steps.ts). A run that fails for good reaches the same dead-letter record as on the
 * embedded engine, written by the function's failure handler.
 */
import {
  type FailureEventArgs,
  type Inngest,
  type InngestFunction,
  NonRetriableError as InngestNonRetriableError,
} from 'inngest';
import { z } from 'zod';
import { deadLetterGroupKey } from '../server/engine/dead-letter-group.ts';
import type { WorkflowRegistry } from '../server/engine/define-workflow.ts';
import { describeError, StepFailedError } from '../server/engine/errors.ts';
import { INPUT_STEP, isConnectionError, WORKFLOW_STEP } from '../server/engine/execute-run.ts';
import type { Queryable } from '../server/engine/store.ts';
import type { JsonValue, WorkflowDefinition } from '../server/engine/types.ts';
import { CANCEL_ON_RUN_CANCELLED, runRequested, ZRunRequestedDataSchema } from './events.ts';
import { InngestSteps, type InngestStepTools } from './inngest-steps.ts';
import {
  buryInngestRun,
  readStashedFailure,
  stashRunFailure,
  type TRunFailure,
} from './run-failure-store.ts';
import { completeInngestRun, loadInngestCheckpoints, startInngestExecution } from './run-store.ts';
import { RunStoppedError, toJson } from './step-outcomes.ts';

/** What the functions need from the app; `db` is called per request, so nothing connects at build time. */
export interface TInngestAdapterDeps {
  db: () => Queryable;
}

/** The step that lists, once per Inngest run, the steps our tables had already recorded. */
export const RECORDED_STEP = '$recorded';

const ZStepIdsSchema = z.array(z.string());

/** What an Inngest function of a run answers when the run was not there to execute. */
export type TSkippedExecution = { skipped: string } | { stopped: string };

/** The dead-letter details of an error that escaped workflow code (as the embedded engine buries it). */
function failureOf(error: unknown): TRunFailure {
  const described = describeError(error);
  if (error instanceof StepFailedError) {
    return {
      stepId: error.stepId,
      errorClass: error.errorClass,
      // The dead letter has its own step, class and attempts columns: the step's own words.
      message: error.stepMessage,
      stack: described.stack ?? null,
      attempts: error.attempts,
    };
  }
  return {
    stepId: WORKFLOW_STEP,
    errorClass: described.errorClass,
    message: described.message,
    stack: described.stack ?? null,
    attempts: 1,
  };
}

/** Stashes why the run dies and tells Inngest not to retry: its failure handler buries the run. */
async function fail(db: Queryable, runId: string, failure: TRunFailure): Promise<never> {
  await stashRunFailure(db, runId, failure);
  throw new InngestNonRetriableError(failure.message, {
    cause: { steward: 'run-failed', ...failure },
  });
}

/** One Inngest request of one run: the workflow from the top, finished steps memoized. */
async function executeWorkflow(
  db: Queryable,
  workflow: WorkflowDefinition,
  context: { data: unknown; step: InngestStepTools; attempt: number },
): Promise<JsonValue | TSkippedExecution> {
  const requested = ZRunRequestedDataSchema.safeParse(context.data);
  if (!requested.success) {
    throw new InngestNonRetriableError(`Not a run request: ${requested.error.message}`);
  }
  const { runId } = requested.data;
  const run = await startInngestExecution(db, runId);
  if (!run) throw new InngestNonRetriableError(`There is no run ${runId} in Steward.`);
  if (run.engine !== 'inngest' || run.workflowId !== workflow.id) {
    throw new InngestNonRetriableError(
      `Run ${runId} is a ${run.engine} run of ${run.workflowId}, not an Inngest run of ${workflow.id}.`,
    );
  }
  // A second request for a run that finished, or one cancelled before it started.
  if (run.status !== 'running' && run.status !== 'needs_review') return { skipped: run.status };

  const input = workflow.input.safeParse(run.input);
  if (!input.success) {
    const problems = input.error.issues.map(
      (issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
    );
    return fail(db, runId, {
      stepId: INPUT_STEP,
      errorClass: 'InputValidationError',
      message: `The run's input is not valid: ${problems.join('; ')}`,
      stack: null,
      attempts: 1,
    });
  }

  const checkpoints = await loadInngestCheckpoints(db, runId);
  // Memoized by Inngest, so every request of this Inngest run skips the same steps: those a
  // replay from the failed step kept. Steps recorded during this Inngest run go through Inngest.
  const recorded = await context.step.run(RECORDED_STEP, async () =>
    [...checkpoints.values()].filter((c) => c.status === 'succeeded').map((c) => c.stepId),
  );
  const steps = new InngestSteps({
    db,
    runId,
    tools: context.step,
    attempt: context.attempt,
    checkpoints,
    recordedBefore: new Set(ZStepIdsSchema.parse(recorded)),
    workflowRetry: workflow.retry,
    runCreatedAt: run.createdAt,
  });

  let output: unknown;
  try {
    output = await workflow.run({
      input: input.data,
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
    if (error instanceof RunStoppedError) return { stopped: error.reason };
    if (isConnectionError(error)) throw error; // the database is away: Inngest tries again
    return fail(db, runId, failureOf(error));
  }
  const result = toJson(output, '(workflow output)');
  const isCompleted = await completeInngestRun(db, runId, result);
  return isCompleted ? result : { stopped: 'the run was cancelled or finished meanwhile' };
}

const ZFailedEventSchema = z.object({
  data: z.object({ event: z.object({ data: ZRunRequestedDataSchema }) }),
});

/**
 * The failure handler: Inngest gave up on a run (a step failed for good, workflow code threw,
 * or its own retries ran out), so the run goes to the dead-letter queue with the details the
 * function stashed on it, or, when Inngest itself failed it, with the error Inngest reports.
 */
export async function recordRunFailure(
  db: Queryable,
  workflow: WorkflowDefinition,
  args: { event: unknown; error: Error },
): Promise<{ isBuried: boolean }> {
  const { runId } = ZFailedEventSchema.parse(args.event).data.event.data;
  const stashed = await readStashedFailure(db, runId);
  const described = describeError(args.error);
  const failure: TRunFailure = stashed ?? {
    stepId: WORKFLOW_STEP,
    errorClass: described.errorClass,
    message: described.message,
    stack: described.stack ?? null,
    // Inngest's failure event does not say how often it tried.
    attempts: 1,
  };
  const isBuried = await buryInngestRun(db, runId, {
    ...failure,
    groupKey: deadLetterGroupKey({
      workflowId: workflow.id,
      stepId: failure.stepId,
      errorClass: failure.errorClass,
      message: failure.message,
    }),
  });
  return { isBuried };
}

/** The Inngest function of one workflow. */
export function createWorkflowFunction(
  client: Inngest,
  workflow: WorkflowDefinition,
  deps: TInngestAdapterDeps,
): InngestFunction.Any {
  return client.createFunction(
    {
      id: workflow.id,
      name: workflow.title,
      description: workflow.description,
      triggers: [
        { event: runRequested, if: `event.data.workflowId == ${JSON.stringify(workflow.id)}` },
      ],
      // A run cancelled in our tables stops at once, even while it sleeps or waits for an event
      // (requestCancel sends the event); without it, it would stop at its next checkpoint.
      cancelOn: [CANCEL_ON_RUN_CANCELLED],
      // Inngest's maximum: it has no per-step setting, so each step's own maxAttempts (enforced
      // by InngestSteps) decides, and errors outside steps are not retried but buried.
      retries: 20,
      ...(workflow.concurrency ? { concurrency: { limit: workflow.concurrency } } : {}),
      onFailure: ({ event, error }: FailureEventArgs) =>
        recordRunFailure(deps.db(), workflow, { event, error }),
    },
    ({ event, step, attempt }) =>
      executeWorkflow(deps.db(), workflow, { data: event.data, step, attempt }),
  );
}

/** One Inngest function per workflow of the registry (the app's, or a test's own). */
export function buildInngestFunctions(
  client: Inngest,
  registry: WorkflowRegistry,
  deps: TInngestAdapterDeps,
): InngestFunction.Any[] {
  return registry.list().map((workflow) => createWorkflowFunction(client, workflow, deps));
}
