import type { TReplayMode } from '../../server/engine/index.ts';
import { engineDispatch } from '../../server/runs/engine-dispatch.ts';
import { requestReplay } from '../../server/runs/request-run.ts';
import { type CliCommand, ExitCode, parseCommandArgs, parseRunId, UsageError } from './command.ts';
import { parseInputArgument } from './input.ts';

function replayMode(from: string | undefined, hasInput: boolean): TReplayMode {
  if (hasInput) {
    if (from === 'failed-step') {
      throw new UsageError(
        '--input replays from the start with corrected input; it cannot go with --from failed-step',
      );
    }
    if (from !== undefined && from !== 'start') {
      throw new UsageError(`--from expects failed-step or start, not "${from}"`);
    }
    return 'with_input';
  }
  if (from === 'failed-step') return 'from_failed_step';
  if (from === 'start') return 'from_start';
  if (from === undefined) throw new UsageError('runs replay needs --from failed-step|start');
  throw new UsageError(`--from expects failed-step or start, not "${from}"`);
}

/**
 * `runs replay <runId> --from failed-step|start [--input <json|@file>]`: replays a dead, failed
 * or cancelled run and prints the id of the run that will execute: the same run (from the failed
 * step, finished steps kept) or a new one linked to it (from the start; `--input` for corrected
 * input, validated first). The replay runs on the engine of the run it replays.
 */
export const runsReplay: CliCommand = {
  name: 'runs replay',
  async run(context, args) {
    const { values, positionals } = parseCommandArgs(args, {
      positionals: ['runId'],
      options: { from: { type: 'string' }, input: { type: 'string' } },
    });
    const runId = parseRunId(positionals.runId);
    const mode = replayMode(values.from, values.input !== undefined);
    const input = values.input === undefined ? undefined : parseInputArgument(values.input);
    const { pool } = await context.database();
    const result = await requestReplay(
      pool,
      context.registry,
      { runId, mode, actorId: context.actorId, ...(input === undefined ? {} : { input }) },
      engineDispatch(context.env),
    );
    context.print(result.runId);
    context.warn(
      result.runId === result.originRunId
        ? `run ${result.runId} queued again from its failed step`
        : `run ${result.runId} queued as a replay of ${result.originRunId} (${result.mode})`,
    );
    return ExitCode.OK;
  },
};
