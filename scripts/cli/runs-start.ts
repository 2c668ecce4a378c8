import { engineDispatch } from '../../server/runs/engine-dispatch.ts';
import { requestRun } from '../../server/runs/request-run.ts';
import { type CliCommand, ExitCode, parseCommandArgs } from './command.ts';
import { parseInputArgument } from './input.ts';

/**
 * `runs start <workflowId> [--input <json|@file>]`: queues a run and prints only its id, so a
 * script can capture it (`id=$(npm run -s steward -- runs start …)`). Input defaults to `{}`.
 * The run goes to the engine ENGINE names, as a run requested in the app does.
 */
export const runsStart: CliCommand = {
  name: 'runs start',
  async run(context, args) {
    const { values, positionals } = parseCommandArgs(args, {
      positionals: ['workflowId'],
      options: { input: { type: 'string' } },
    });
    const input = values.input === undefined ? {} : parseInputArgument(values.input);
    const { pool } = await context.database();
    const { runId } = await requestRun(
      pool,
      context.registry,
      { workflowId: positionals.workflowId, input, requestedById: context.actorId },
      engineDispatch(context.env),
    );
    context.print(runId);
    return ExitCode.OK;
  },
};
