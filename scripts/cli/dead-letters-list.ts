import { findOpenDeadLetters } from '../../server/dead-letters/find-open-dead-letters.ts';
import { type CliCommand, ExitCode, parseCommandArgs, parseWholeNumber } from './command.ts';
import { formatAge, formatTable, toJson, truncate } from './format.ts';

/** `dead-letters list [--json] [--limit <n>]`: open dead letters, newest first. */
export const deadLettersList: CliCommand = {
  name: 'dead-letters list',
  async run(context, args) {
    const { values } = parseCommandArgs(args, {
      positionals: [],
      options: { json: { type: 'boolean' }, limit: { type: 'string' } },
    });
    const limit =
      values.limit === undefined
        ? 100
        : parseWholeNumber('--limit', values.limit, { min: 1, max: 10_000 });
    const { db } = await context.database();
    const deadLetters = await findOpenDeadLetters(db, { limit });
    if (values.json) {
      context.print(toJson(deadLetters));
    } else if (deadLetters.length === 0) {
      context.warn('No open dead letters.');
    } else {
      const now = new Date();
      const rows = deadLetters.map((letter) => [
        letter.runId,
        letter.workflowId,
        letter.stepId,
        letter.errorClass,
        String(letter.attempts),
        formatAge(letter.createdAt, now),
        truncate(letter.message, 80),
      ]);
      context.print(
        formatTable(['RUN', 'WORKFLOW', 'STEP', 'ERROR', 'ATTEMPTS', 'AGE', 'MESSAGE'], rows),
      );
    }
    return ExitCode.OK;
  },
};
