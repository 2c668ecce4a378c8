/**
 * Errors the engine and workflow code use to talk about failure. Everything the engine records
 * carries an *error class* (the error's `name`), which is what retry policies, dead-letter groups
 * and the consoles work with.
 */

/** Thrown by a step's code when trying again cannot help (bad data, a 4xx-style refusal). */
export class NonRetriableError extends Error {
  override name = 'NonRetriableError';
}

/**
 * A step ran out of attempts (and fallbacks). Workflow code may catch it and take another path;
 * uncaught, it ends the run in the dead-letter queue. On re-execution the same step throws the
 * same error again, so the workflow takes the same path every time.
 */
export class StepFailedError extends Error {
  override name = 'StepFailedError';
  readonly stepId: string;
  readonly errorClass: string;
  readonly attempts: number;
  /** The message of the step's last error, without this error's summary around it. */
  readonly stepMessage: string;
  constructor(stepId: string, errorClass: string, message: string, attempts: number) {
    super(`Step "${stepId}" failed after ${attempts} attempt(s): ${errorClass}: ${message}`);
    this.stepId = stepId;
    this.errorClass = errorClass;
    this.attempts = attempts;
    this.stepMessage = message;
  }
}

/** Workflow code used one step id twice in a run; ids are how steps are memoized. */
export class DuplicateStepIdError extends NonRetriableError {
  override name = 'DuplicateStepIdError';
  constructor(stepId: string) {
    super(
      `Step id "${stepId}" is used twice in this run. Step ids must be unique within a run: ` +
        'they are how a finished step is found again when the run re-executes.',
    );
  }
}

/**
 * This worker no longer holds the run's lease (it was paused or partitioned past the expiry and
 * another worker took over), so its writes were refused. The worker drops the run.
 */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(runId: string) {
    super(`Lost the lease on run ${runId}; another worker owns it now.`);
  }
}

/** The run's input does not match its workflow's input schema. */
export class InputValidationError extends NonRetriableError {
  override name = 'InputValidationError';
}

/** The error class recorded for anything thrown: its `name`, or `Error` for non-errors. */
export function errorClassOf(error: unknown): string {
  if (error instanceof Error) return error.name || 'Error';
  return 'Error';
}

/** A thrown value as a message and, for real errors, a stack. */
export function describeError(error: unknown): {
  errorClass: string;
  message: string;
  stack?: string;
} {
  if (error instanceof Error) {
    return { errorClass: errorClassOf(error), message: error.message, stack: error.stack };
  }
  return {
    errorClass: 'Error',
    message: typeof error === 'string' ? error : JSON.stringify(error),
  };
}
