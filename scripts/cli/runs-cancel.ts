import { engineDispatch } from '../../server/runs/engine-dispatch.ts';
import { requestCancel } from '../../server/runs/request-cancel.ts';
import { type CliCommand, ExitCode, parseCommandArgs, parseRunId } from './command.ts';

/**
 * `runs cancel <runId> [--reason <text>]`: cancels a run that has not finished; an Inngest run's
 * function is told at once. If Inngest cannot be told, the run is cancelled all the same (exit
 * 0): the command says so on stderr, and the function stops at its next step.
 */
export const runsCancel: CliCommand = {
  name: 'runs cancel',
  async run(context, args) {
    const { values, positionals } = parseCommandArgs(args, {
      positionals: ['runId'],
      options: { reason: { type: 'string' } },
    });
    const runId = parseRunId(positionals.runId);
    const { pool } = await context.database();
    const result = await requestCancel(
      pool,
      {
        runId,
        actorId: context.actorId,
        ...(values.reason === undefined ? {} : { reason: values.reason }),
      },
      engineDispatch(context.env),
    );
    context.print(`cancelled ${runId}`);
    if (result.inngest.status === 'failed') {
      context.warn(
        `Inngest was not told (${result.inngest.message}); its function stops at its next step, not while it sleeps or waits`,
      );
    }
    return ExitCode.OK;
  },
};
