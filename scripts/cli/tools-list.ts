import { AppError } from '../../server/app-error.ts';
import { toolRegistry } from '../../server/tools/index.ts';
import { renderCatalogue } from '../../server/tools/registry.ts';
import { type CliCommand, ExitCode, parseCommandArgs } from './command.ts';
import { formatTable, toJson, truncate } from './format.ts';

/**
 * `tools list [--json] [--workflow <id>]`: the tool catalogue, as a planner prompt contains it
 * (with `--workflow`, only that workflow's allow-list). Needs no database.
 */
export const toolsList: CliCommand = {
  name: 'tools list',
  async run(context, args) {
    const { values } = parseCommandArgs(args, {
      positionals: [],
      options: { json: { type: 'boolean' }, workflow: { type: 'string' } },
    });
    let allowList: readonly string[] | undefined;
    if (typeof values.workflow === 'string') {
      const workflow = context.registry.get(values.workflow);
      if (!workflow) throw new AppError('NOT_FOUND', `There is no workflow "${values.workflow}".`);
      allowList = workflow.tools ?? [];
    }
    const catalogue = renderCatalogue(toolRegistry, allowList);
    if (values.json) {
      context.print(toJson(catalogue));
    } else if (catalogue.length === 0) {
      context.warn(allowList ? 'This workflow may use no tools.' : 'No tools are registered.');
    } else {
      const rows = catalogue.map((tool) => [
        tool.name,
        tool.sideEffect,
        tool.idempotent ? 'yes' : 'no',
        tool.reversible ? `yes (${tool.compensation})` : 'no',
        truncate(tool.description, 70),
      ]);
      context.print(
        formatTable(['TOOL', 'SIDE EFFECT', 'IDEMPOTENT', 'REVERSIBLE', 'DESCRIPTION'], rows),
      );
    }
    return ExitCode.OK;
  },
};
