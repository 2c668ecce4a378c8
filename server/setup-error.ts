/**
 * A problem with the machine or configuration that a person must fix before Steward can run:
 * an old Node, a port in use, an unreachable database, an incompatible data directory, a bad
 * environment variable. Its message says what is wrong and what to do; scripts print it without
 * a stack trace.
 */
export class SetupError extends Error {
  override name = 'SetupError';
}

/** Prints a SetupError as a plain message, anything else with its stack, and exits non-zero. */
export function exitWithError(error: unknown): never {
  if (error instanceof SetupError) {
    console.error(`\n✖ ${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
