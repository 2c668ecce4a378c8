import { readFileSync } from 'node:fs';
import { UsageError } from './command.ts';

/**
 * The value of `--input`: JSON on the command line, or `@path` for a JSON file (relative to the
 * working directory). Unreadable files and bad JSON are usage errors that say where it broke.
 */
export function parseInputArgument(value: string): unknown {
  let text = value;
  let source = '--input';
  if (value.startsWith('@')) {
    const file = value.slice(1);
    source = `--input file ${file}`;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new UsageError(`cannot read ${source}: ${reason}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${source} is not valid JSON: ${reason}`);
  }
}
