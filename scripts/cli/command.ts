// What every `npm run steward` command is made of: a context with the workflows and (on first
// use) the database, and an argument parser that turns every mistake into a UsageError.
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import type pg from 'pg';
import { z } from 'zod';
import type { Db } from '../../server/db/client.ts';
import type { WorkflowRegistry } from '../../server/engine/index.ts';
import type { TEnv } from '../../server/env.ts';

/** Exit codes of the CLI; `runs wait` adds its own (see runs-wait.ts). */
export const ExitCode = {
  OK: 0,
  /** A refusal (AppError: unknown run, invalid input, not replayable) or a failure. */
  FAILED: 1,
  /** Bad arguments: the usage message was printed. */
  USAGE: 2,
} as const;

/** Bad arguments: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliDatabase {
  /** node-postgres pool for the engine's services (start, cancel, replay). */
  pool: pg.Pool;
  /** Prisma client for the read services. */
  db: Db;
}

export interface CliContext {
  env: TEnv;
  registry: WorkflowRegistry;
  /**
   * Who the audit trail records as the actor of a change. Always null for now: the CLI has no
   * sign-in yet. When authentication arrives, resolve the operator here (a token or a
   * `--as <email>` checked against `users`) and every command passes it on unchanged.
   */
  actorId: string | null;
  /** Opens the database on first use; commands that need none never start it. */
  database(): Promise<CliDatabase>;
  /** Writes a line to stdout (what scripts capture). */
  print(line: string): void;
  /** Writes a line to stderr (explanations scripts need not parse). */
  warn(line: string): void;
}

export interface CliCommand {
  /** `<group> <verb>`, e.g. `runs get`. */
  name: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(context: CliContext, args: string[]): Promise<number>;
}

const ZParseArgsErrorSchema = z.object({
  code: z.string().startsWith('ERR_PARSE_ARGS_'),
  message: z.string(),
});

/**
 * Parses a command's arguments: the named positionals (each required, none extra) and the
 * options, strictly, so an unknown flag, a flag without its value or a missing id is a
 * UsageError that says which.
 */
export function parseCommandArgs<
  const TOptions extends ParseArgsOptionsConfig,
  const TNames extends readonly string[],
>(args: string[], spec: { positionals: TNames; options: TOptions }) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: TOptions; strict: true; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args, options: spec.options, strict: true, allowPositionals: true });
  } catch (error) {
    const parseError = ZParseArgsErrorSchema.safeParse(error);
    // node:util's messages go on to explain `--` for positionals; the first sentence says it.
    if (parseError.success) throw new UsageError(parseError.data.message.split('. ')[0] ?? '');
    throw error;
  }
  const named: Record<string, string> = {};
  spec.positionals.forEach((name, index) => {
    const value = parsed.positionals[index];
    if (value === undefined) throw new UsageError(`missing <${name}>`);
    named[name] = value;
  });
  const extra = parsed.positionals[spec.positionals.length];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  return { values: parsed.values, positionals: named as Record<TNames[number], string> };
}

/** A run id argument, checked to be a UUID so a typo is a usage error, not a database error. */
export function parseRunId(value: string): string {
  if (!z.guid().safeParse(value).success) {
    throw new UsageError(`"${value}" is not a run id (expected a UUID)`);
  }
  return value;
}

/** A whole number option within bounds, e.g. `--limit 20`. */
export function parseWholeNumber(
  flag: string,
  value: string,
  { min, max }: { min: number; max: number },
): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, not "${value}"`);
  }
  return number;
}
