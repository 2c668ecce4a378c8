// The engine's public surface: what workflows, services, the CLI and the Inngest adapter use.
export {
  createWorkflowRegistry,
  defineWorkflow,
  type WorkflowRegistry,
} from './define-workflow.ts';
export { type Duration, toMilliseconds } from './duration.ts';
export {
  DuplicateStepIdError,
  InputValidationError,
  LeaseLostError,
  NonRetriableError,
  StepFailedError,
} from './errors.ts';
export {
  discardDeadLetter,
  type ReplayManyResult,
  type ReplayResult,
  replayMany,
  replayRun,
  type TReplayMode,
} from './replay.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
export { cancelRun, sendEvent, startRun, TERMINAL_STATUSES } from './runs.ts';
export type * from './types.ts';
export { startWorker, type Worker, type WorkerOptions } from './worker.ts';
