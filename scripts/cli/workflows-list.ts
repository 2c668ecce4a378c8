import { type CliCommand, ExitCode, parseCommandArgs } from './command.ts';
import { formatTable, toJson, truncate } from './format.ts';

/** `workflows list [--json]`: the workflows runs can be started for. Needs no database. */
export const workflowsList: CliCommand = {
  name: 'workflows list',
  async run(context, args) {
    const { values } = parseCommandArgs(args, {
      positionals: [],
      options: { json: { type: 'boolean' } },
    });
    const workflows = context.registry.list().map((workflow) => ({
      id: workflow.id,
      version: workflow.version,
      title: workflow.title,
      description: workflow.description,
      concurrency: workflow.concurrency ?? null,
    }));
    if (values.json) {
      context.print(toJson(workflows));
    } else if (workflows.length === 0) {
      context.warn('No workflows are registered.');
    } else {
      const rows = workflows.map((w) => [
        w.id,
        String(w.version),
        w.concurrency === null ? '-' : String(w.concurrency),
        truncate(`${w.title}: ${w.description}`, 80),
      ]);
      context.print(formatTable(['WORKFLOW', 'VERSION', 'CONCURRENCY', 'DESCRIPTION'], rows));
    }
    return ExitCode.OK;
  },
};
