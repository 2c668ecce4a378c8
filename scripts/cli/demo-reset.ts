import { resetDemo } from '../../server/demo/reset-demo.ts';
import { type CliCommand, ExitCode, parseCommandArgs } from './command.ts';

/**
 * `demo reset [--force]`: empties the core records (runs, review items, dead letters, model
 * calls, validation results, events, checkpoints; never users or the audit trail, which records
 * the reset) and seeds the demo day again. Refused on a database given by DATABASE_URL, which
 * may hold real work, unless --force says that is meant.
 */
export const demoReset: CliCommand = {
  name: 'demo reset',
  async run(context, args) {
    const { values } = parseCommandArgs(args, {
      positionals: [],
      options: { force: { type: 'boolean' } },
    });
    if (context.env.DATABASE_URL && !values.force) {
      context.warn(
        'Refusing to reset: DATABASE_URL points at a database that is not the embedded demo one, ' +
          'and a reset deletes every run, review item and dead letter in it. ' +
          'Add --force if that is what you want.',
      );
      return ExitCode.FAILED;
    }
    const { pool } = await context.database();
    const { removed, seeded } = await resetDemo(pool, { actorId: context.actorId });
    const gone = Object.entries(removed)
      .map(([table, rows]) => `${table} ${rows}`)
      .join(', ');
    context.print(`removed: ${gone}`);
    context.print(
      `seeded: ${seeded.runs} runs (${seeded.replays} replays), ${seeded.reviewItems} review items, ` +
        `${seeded.deadLetters} dead letters, ${seeded.modelCalls} model calls, ` +
        `${seeded.checkpoints} checkpoints, ${seeded.auditEvents} audit events; ` +
        `${seeded.documentRuns} runs handed documents, worked by the engine with a recorded model`,
    );
    return ExitCode.OK;
  },
};
