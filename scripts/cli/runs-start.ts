import { startRun } from '../../server/engine/index.ts';
import { type CliCommand, ExitCode, parseCommandArgs } from './command.ts';
import { parseInputArgument } from './input.ts';

/**
 * `runs start <workflowId> [--input <json|@file>]`: queues a run and prints only its id, so a
 * script can capture it (`id=$(npm run -s steward -- runs start …)`). Input defaults to `{}`.
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
    const { runId } = await startRun(pool, context.registry, {
      workflowId: positionals.workflowId,
      input,
      requestedById: context.actorId,
    });
    context.print(runId);
    return ExitCode.OK;
  },
};
