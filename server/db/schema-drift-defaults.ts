// Column defaults: the default Prisma would create for a field, and whether the default
// PostgreSQL reports (`pg_get_expr` text such as `'queued'::"RunStatus"`) is that one.
import type { DatabaseColumn } from './schema-drift-database.ts';

/** A column default as Prisma would create it; `any` means "some default, contents not compared". */
export type ExpectedDefault =
  | { kind: 'none' }
  | { kind: 'any'; describe: string }
  | { kind: 'now' }
  | { kind: 'sequence' }
  | { kind: 'expression'; sql: string }
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'json'; value: unknown }
  | { kind: 'datetime'; value: string };

/** A field's `@default` as the DMMF gives it. */
export type FieldDefault =
  | { name: string; args: unknown[] }
  | string
  | number
  | boolean
  | unknown[];

/**
 * The column default Prisma creates for a field of Prisma type `type` with this `@default`;
 * `enumValues` maps an enum's Prisma value names to their database names (`@map`).
 */
export function expectedDefault(
  value: FieldDefault | undefined,
  type: string,
  enumValues: Map<string, string> | undefined,
): ExpectedDefault {
  if (value === undefined) return { kind: 'none' };
  if (Array.isArray(value))
    return { kind: 'any', describe: `a list default ${JSON.stringify(value)}` };
  if (typeof value === 'object') {
    if (value.name === 'now') return { kind: 'now' };
    if (value.name === 'autoincrement') return { kind: 'sequence' };
    if (value.name === 'dbgenerated') {
      const [sql] = value.args;
      return typeof sql === 'string'
        ? { kind: 'expression', sql }
        : { kind: 'any', describe: 'dbgenerated()' };
    }
    // uuid(), cuid(), nanoid(), ulid(): Prisma Client fills these in; the column has no default.
    return { kind: 'none' };
  }
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (type === 'Json') return { kind: 'json', value: JSON.parse(String(value)) };
  if (type === 'DateTime') return { kind: 'datetime', value: String(value) };
  if (['Int', 'BigInt', 'Float', 'Decimal'].includes(type)) {
    return { kind: 'number', value: String(value) };
  }
  return { kind: 'text', value: enumValues?.get(String(value)) ?? String(value) };
}

/** The text of a `'literal'::type` default, or the whole expression when it is not one. */
function literalOf(expression: string): string {
  const match = /^E?'((?:[^']|'')*)'::[^']+$/.exec(expression);
  return match?.[1] === undefined ? expression : match[1].replaceAll("''", "'");
}

/** Integers compare exactly (BigInt defaults exceed 2^53), other numbers by value. */
function sameNumber(actual: string, expected: string): boolean {
  const integer = /^-?\d+$/;
  if (integer.test(actual) && integer.test(expected)) return BigInt(actual) === BigInt(expected);
  return /^-?[\d.]+(e[+-]?\d+)?$/i.test(actual) && Number(actual) === Number(expected);
}

/** Milliseconds of a timestamp as PostgreSQL or Prisma prints it; no offset means UTC. */
function instant(text: string): number {
  const iso = text.trim().replace(' ', 'T');
  const match = /^(.*T[\d:.]+)(Z|[+-]\d\d(?::?\d\d)?)?$/.exec(iso);
  if (!match?.[1]) return Date.parse(iso);
  const zone = match[2] ?? 'Z';
  const normal =
    zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`;
  return Date.parse(`${match[1]}${normal}`);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The schema side of a default, for messages. */
export function describeDefault(expected: ExpectedDefault): string {
  switch (expected.kind) {
    case 'none':
      return 'none';
    case 'any':
      return expected.describe;
    case 'now':
      return 'CURRENT_TIMESTAMP';
    case 'sequence':
      return 'autoincrement (nextval of a sequence)';
    case 'expression':
      return expected.sql;
    case 'text':
    case 'datetime':
      return `'${expected.value.replaceAll("'", "''")}'`;
    case 'json':
      return `'${JSON.stringify(expected.value)}'`;
    case 'number':
      return expected.value;
    case 'boolean':
      return String(expected.value);
  }
}

/**
 * Whether a column's default (`pg_get_expr` text) is the one the schema asks for. A dbgenerated
 * expression that differs in spelling is handed to `canonical`, which asks PostgreSQL how it
 * would store that expression on this column.
 */
export async function defaultMatches(
  expected: ExpectedDefault,
  column: DatabaseColumn,
  canonical: (type: string, sql: string) => Promise<string | undefined>,
): Promise<boolean> {
  const actual = column.default;
  if (expected.kind === 'sequence') {
    return column.identity || (actual !== null && /^nextval\('.+'::regclass\)$/.test(actual));
  }
  if (expected.kind === 'none') return actual === null && !column.identity;
  if (actual === null) return false;
  const literal = literalOf(actual);
  switch (expected.kind) {
    case 'any':
      return true;
    case 'now':
      return actual === 'CURRENT_TIMESTAMP' || actual === 'now()';
    case 'expression': {
      const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();
      if (squash(actual) === squash(expected.sql)) return true;
      return (await canonical(column.type, expected.sql)) === actual;
    }
    case 'text':
      return literal === expected.value;
    case 'boolean':
      return actual === String(expected.value);
    case 'number':
      return sameNumber(literal, expected.value);
    case 'datetime':
      return instant(literal) === instant(expected.value);
    case 'json': {
      try {
        return canonicalJson(JSON.parse(literal)) === canonicalJson(expected.value);
      } catch {
        return false;
      }
    }
  }
}
