import { type TBrokenAuditEvent, verifyAuditChain } from '../../server/audit/verify-audit-chain.ts';
import { type CliCommand, ExitCode, parseCommandArgs } from './command.ts';
import { toJson } from './format.ts';

function describeProblem(broken: TBrokenAuditEvent): string {
  switch (broken.problem) {
    case 'broken-link':
      return broken.expected === null
        ? `it is the first event but links to ${broken.found ?? '-'} (events before it are gone)`
        : `its prev_hash is ${broken.found ?? 'null'}, but the event before it hashes to ${broken.expected} (an event between them was removed or rewritten)`;
    case 'hash-mismatch':
      return `its fields hash to ${broken.expected ?? '-'}, not to its stored hash ${broken.found ?? '-'} (the event was edited)`;
    case 'malformed':
      return `it holds ${broken.found ?? 'null'} where append writes ${broken.expected ?? '-'}`;
    default:
      return broken.problem satisfies never;
  }
}

/**
 * `audit verify [--json]`: checks the hash chain of the audit trail. Prints `audit trail intact:
 * N events, head <hash>` and exits 0, or names the first broken event (id, time, action, subject,
 * what is wrong) and exits 1.
 */
export const auditVerify: CliCommand = {
  name: 'audit verify',
  async run(context, args) {
    const { values } = parseCommandArgs(args, {
      positionals: [],
      options: { json: { type: 'boolean' } },
    });
    const { pool } = await context.database();
    const report = await verifyAuditChain(pool);
    if (values.json) {
      context.print(toJson(report));
      return report.ok ? ExitCode.OK : ExitCode.FAILED;
    }
    if (report.ok) {
      context.print(
        `audit trail intact: ${report.events} events, head ${report.headHash ?? '- (empty)'}`,
      );
      return ExitCode.OK;
    }
    const broken = report.firstBroken;
    context.print(
      `audit trail broken at event ${broken.id} (${broken.problem}): ` +
        `${broken.at} ${broken.action} ${broken.subjectType} ${broken.subjectId}`,
    );
    context.warn(`Event ${broken.id}: ${describeProblem(broken)}.`);
    context.warn(`${report.events - 1} events before it are intact.`);
    return ExitCode.FAILED;
  },
};
