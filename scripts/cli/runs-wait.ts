import { setTimeout as sleep } from 'node:timers/promises';
import type { RunStatus } from '../../generated/prisma/enums.ts';
import { getRunState } from '../../server/runs/get-run.ts';
import { type CliCommand, ExitCode, parseCommandArgs, parseRunId, UsageError } from './command.ts';

/** Exit codes only `runs wait` uses, beside 0 (succeeded) and 1 (failed, dead, cancelled). */
export const WaitExitCode = {
  /** The run stopped for a person: needs_review or needs_reconciliation. */
  NEEDS_PERSON: 3,
  /** `--timeout` passed first (124, as coreutils' `timeout` uses). */
  TIMED_OUT: 124,
} as const;

const POLL_INTERVAL_MS = 200;

/** The exit code a status ends the wait with, or null while the run is still on its way. */
function exitCodeFor(status: RunStatus): number | null {
  switch (status) {
    case 'succeeded':
      return ExitCode.OK;
    case 'failed':
    case 'dead':
    case 'cancelled':
      return ExitCode.FAILED;
    case 'needs_review':
    case 'needs_reconciliation':
      return WaitExitCode.NEEDS_PERSON;
    case 'queued':
    case 'running':
    case 'sleeping':
    case 'waiting':
      return null;
    default:
      return status satisfies never;
  }
}

function parseTimeoutSeconds(value: string | undefined): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout expects a number of seconds above 0, not "${value}"`);
  }
  return seconds;
}

/**
 * `runs wait <runId> [--timeout <s>]`: polls until the run finishes or stops for a person, prints
 * the status it ended in, and exits 0 (succeeded), 1 (failed, dead, cancelled), 3 (needs review
 * or reconciliation) or 124 (timed out; the status it was in is printed).
 */
export const runsWait: CliCommand = {
  name: 'runs wait',
  async run(context, args) {
    const { values, positionals } = parseCommandArgs(args, {
      positionals: ['runId'],
      options: { timeout: { type: 'string' } },
    });
    const runId = parseRunId(positionals.runId);
    const timeoutSeconds = parseTimeoutSeconds(values.timeout);
    const deadline = Date.now() + timeoutSeconds * 1000;
    const { db } = await context.database();
    for (;;) {
      const run = await getRunState(db, { runId });
      const code = exitCodeFor(run.status);
      if (code !== null) {
        context.print(run.status);
        if (code === ExitCode.FAILED && run.error) {
          context.warn(`${run.error.errorClass}: ${run.error.message}`);
        }
        return code;
      }
      if (Date.now() >= deadline) {
        context.print(run.status);
        context.warn(`timed out after ${timeoutSeconds} s; run ${runId} is still ${run.status}`);
        return WaitExitCode.TIMED_OUT;
      }
      await sleep(Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())));
    }
  },
};
