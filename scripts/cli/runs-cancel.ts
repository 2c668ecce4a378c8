import { cancelRun } from '../../server/engine/index.ts';
import { type CliCommand, ExitCode, parseCommandArgs, parseRunId } from './command.ts';

/** `runs cancel <runId> [--reason <text>]`: cancels a run that has not finished. */
export const runsCancel: CliCommand = {
  name: 'runs cancel',
  async run(context, args) {
    const { values, positionals } = parseCommandArgs(args, {
      positionals: ['runId'],
      options: { reason: { type: 'string' } },
    });
    const runId = parseRunId(positionals.runId);
    const { pool } = await context.database();
    await cancelRun(pool, {
      runId,
      actorId: context.actorId,
      ...(values.reason === undefined ? {} : { reason: values.reason }),
    });
    context.print(`cancelled ${runId}`);
    return ExitCode.OK;
  },
};
