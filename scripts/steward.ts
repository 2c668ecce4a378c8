// `npm run steward -- <command>`: the command line for operations and scripts. See
// scripts/cli/usage.ts for the commands, and scripts/cli/*.ts for one command each.
import pg from 'pg';
import { AppError } from '../server/app-error.ts';
import { createDb } from '../server/db/client.ts';
import { type OpenDatabase, openDatabase } from '../server/db/open-database.ts';
import { parseEnv } from '../server/env.ts';
import { exitWithError } from '../server/setup-error.ts';
import { loadWorkflowRegistry } from '../server/workflows/load-registry.ts';
import { auditVerify } from './cli/audit-verify.ts';
import {
  type CliCommand,
  type CliContext,
  type CliDatabase,
  ExitCode,
  UsageError,
} from './cli/command.ts';
import { deadLettersList } from './cli/dead-letters-list.ts';
import { demoReset } from './cli/demo-reset.ts';
import { runsCancel } from './cli/runs-cancel.ts';
import { runsGet } from './cli/runs-get.ts';
import { runsReplay } from './cli/runs-replay.ts';
import { runsStart } from './cli/runs-start.ts';
import { runsWait } from './cli/runs-wait.ts';
import { toolsList } from './cli/tools-list.ts';
import { USAGE, USAGE_SUMMARY } from './cli/usage.ts';
import { usersCreate } from './cli/users-create.ts';
import { workflowsList } from './cli/workflows-list.ts';
import { loadEnvFile } from './env-file.ts';

const COMMANDS: CliCommand[] = [
  workflowsList,
  toolsList,
  runsStart,
  runsGet,
  runsWait,
  runsReplay,
  runsCancel,
  deadLettersList,
  usersCreate,
  auditVerify,
  demoReset,
];

function findCommand(argv: string[]): { command: CliCommand; args: string[] } {
  const [group, verb, ...args] = argv;
  if (group === undefined) throw new UsageError('missing command');
  const name = `${group} ${verb ?? ''}`.trim();
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  return { command, args };
}

let opened: { database: OpenDatabase; handles: CliDatabase } | undefined;

async function closeDatabase(): Promise<void> {
  if (!opened) return;
  const { database, handles } = opened;
  opened = undefined;
  await Promise.all([handles.pool.end(), handles.db.$disconnect()]).catch(() => {});
  await database.close();
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return ExitCode.OK;
  }
  const { command, args } = findCommand(argv);
  loadEnvFile();
  const env = parseEnv();
  const context: CliContext = {
    env,
    registry: await loadWorkflowRegistry(env),
    actorId: null,
    async database() {
      if (!opened) {
        // Progress lines go nowhere: stdout is for results (`runs start` prints only the id).
        const database = await openDatabase(env, { log: () => {} });
        const pool = new pg.Pool({ connectionString: database.url, max: 2 });
        pool.on('error', () => {}); // an idle client lost its server; the pool replaces it
        opened = { database, handles: { pool, db: createDb(database.url) } };
      }
      return opened.handles;
    },
    print: (line) => console.log(line),
    warn: (line) => console.error(line),
  };
  return command.run(context, args);
}

/**
 * Exits once everything written has left the process: on a pipe stdout is asynchronous, and
 * `process.exit` right after a large write (a `--json` catalogue) would cut the output short.
 */
async function exitAfterFlush(code: number): Promise<never> {
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}

try {
  const code = await main(process.argv.slice(2));
  await closeDatabase();
  await exitAfterFlush(code);
} catch (error) {
  await closeDatabase().catch(() => {});
  if (error instanceof UsageError) {
    process.stderr.write(`steward: ${error.message}\n\n${USAGE_SUMMARY}`);
    await exitAfterFlush(ExitCode.USAGE);
  }
  if (error instanceof AppError) {
    console.error(error.message);
    await exitAfterFlush(ExitCode.FAILED);
  }
  exitWithError(error);
}
