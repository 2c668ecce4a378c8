import { getRun, type TRunDetail } from '../../server/runs/get-run.ts';
import { type CliCommand, ExitCode, parseCommandArgs, parseRunId } from './command.ts';
import { formatTable, formatTime, toJson, truncate } from './format.ts';

function describeRun(run: TRunDetail): string {
  const fields: [string, string][] = [
    ['run', run.id],
    ['workflow', `${run.workflowId} v${run.workflowVersion}`],
    ['status', run.status],
    ['engine', run.engine],
    ['created', formatTime(run.createdAt)],
    ['updated', formatTime(run.updatedAt)],
    ['finished', formatTime(run.finishedAt)],
  ];
  if (run.replayOfId) fields.push(['replay of', `${run.replayOfId} (${run.replayMode ?? '-'})`]);
  for (const replay of run.replays) {
    fields.push(['replayed as', `${replay.id} (${replay.replayMode ?? '-'}, ${replay.status})`]);
  }
  if (run.error) fields.push(['error', `${run.error.errorClass}: ${run.error.message}`]);
  if (run.output !== null) fields.push(['output', truncate(JSON.stringify(run.output), 200)]);
  const width = Math.max(...fields.map(([label]) => label.length));
  const header = fields.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
  if (run.steps.length === 0) return `${header}\n\nNo steps recorded yet.`;
  const steps = formatTable(
    ['STEP', 'KIND', 'STATUS', 'ATTEMPTS', 'STARTED', 'FINISHED', 'ERROR'],
    run.steps.map((step) => [
      step.stepId,
      step.kind,
      step.status,
      String(step.attempts),
      formatTime(step.startedAt),
      formatTime(step.finishedAt),
      step.error ? truncate(`${step.error.errorClass}: ${step.error.message}`, 80) : '',
    ]),
  );
  return `${header}\n\n${steps}`;
}

/** `runs get <runId> [--json]`: a run's status, times, steps (status, attempts) and error. */
export const runsGet: CliCommand = {
  name: 'runs get',
  async run(context, args) {
    const { values, positionals } = parseCommandArgs(args, {
      positionals: ['runId'],
      options: { json: { type: 'boolean' } },
    });
    const runId = parseRunId(positionals.runId);
    const { db } = await context.database();
    const run = await getRun(db, { runId });
    context.print(values.json ? toJson(run) : describeRun(run));
    return ExitCode.OK;
  },
};
