// Schema drift: does the database the hand-written migrations build match prisma/schema.prisma,
// the file the Prisma client is generated from? Prisma's migrate engine cannot run on our
// machines, so nothing else would notice a migration that forgot a column or an index.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import {
  type DatabaseColumn,
  type DatabaseSchema,
  readDatabaseSchema,
} from './schema-drift-database.ts';
import { defaultMatches, describeDefault } from './schema-drift-defaults.ts';
import {
  type ExpectedColumn,
  type ExpectedIndex,
  type ExpectedSchema,
  type ExpectedTable,
  expectedSchema,
} from './schema-drift-expected.ts';

/** The schema the Prisma client is generated from. */
export const SCHEMA_PATH = path.resolve(import.meta.dirname, '../../prisma/schema.prisma');

const list = (items: readonly string[]) => items.join(', ');
const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((item, index) => item === b[index]);
/** `format_type` quotes identifiers (`"RunStatus"`); the schema side is unquoted. */
const unquote = (type: string) => type.replaceAll('"', '');

async function compareColumns(
  table: ExpectedTable,
  actual: DatabaseColumn[],
  canonical: (type: string, sql: string) => Promise<string | undefined>,
): Promise<string[]> {
  const drift: string[] = [];
  const byName = new Map(actual.map((column) => [column.name, column]));
  for (const expected of table.columns) {
    const where = `${table.name}.${expected.name}`;
    const column = byName.get(expected.name);
    if (!column) {
      drift.push(`column ${where} is missing`);
      continue;
    }
    if (unquote(column.type) !== expected.type) {
      drift.push(`${where}: type is ${unquote(column.type)}, schema says ${expected.type}`);
    }
    if (expected.notNull !== undefined && column.not_null !== expected.notNull) {
      const word = (notNull: boolean) => (notNull ? 'NOT NULL' : 'nullable');
      drift.push(`${where}: is ${word(column.not_null)}, schema says ${word(expected.notNull)}`);
    }
    if (!(await defaultMatches(expected.default, column, canonical))) {
      const is = column.identity ? 'an identity column' : (column.default ?? 'none');
      drift.push(`${where}: default is ${is}, schema says ${describeDefault(expected.default)}`);
    }
  }
  const known = new Set(table.columns.map((column: ExpectedColumn) => column.name));
  for (const column of actual) {
    if (!known.has(column.name)) {
      drift.push(
        `column ${table.name}.${column.name} exists in the database but not in the schema`,
      );
    }
  }
  return drift;
}

function compareIndexes(table: ExpectedTable, actual: DatabaseSchema['indexes']): string[] {
  const drift: string[] = [];
  const primary = actual.find((index) => index.primary);
  const expectedPk = table.primaryKey;
  if (expectedPk && !primary) {
    drift.push(
      `primary key ${expectedPk.name} on ${table.name}(${list(expectedPk.columns)}) is missing`,
    );
  } else if (!expectedPk && primary) {
    drift.push(
      `primary key ${primary.name} on ${table.name} exists in the database but not in the schema`,
    );
  } else if (expectedPk && primary) {
    if (primary.name !== expectedPk.name || !same(primary.columns, expectedPk.columns)) {
      drift.push(
        `primary key of ${table.name} is ${primary.name}(${list(primary.columns)}), schema says ${expectedPk.name}(${list(expectedPk.columns)})`,
      );
    }
  }

  const secondary = actual.filter((index) => !index.primary);
  const byName = new Map(secondary.map((index) => [index.name, index]));
  const kind = (index: { unique: boolean }) => (index.unique ? 'unique index' : 'index');
  for (const expected of table.indexes) {
    const label = `${kind(expected)} ${expected.name} on ${table.name}(${list(expected.columns)})`;
    const index = byName.get(expected.name);
    if (!index) {
      drift.push(`${label} is missing`);
      continue;
    }
    drift.push(...indexDifferences(label, expected, index));
  }
  const known = new Set(table.indexes.map((index) => index.name));
  for (const index of secondary) {
    if (!known.has(index.name)) {
      drift.push(
        `${kind(index)} ${index.name} on ${table.name}(${list(index.columns)}) exists in the database but not in the schema`,
      );
    }
  }
  return drift;
}

function indexDifferences(
  label: string,
  expected: ExpectedIndex,
  index: DatabaseSchema['indexes'][number],
): string[] {
  const drift: string[] = [];
  if (!same(index.columns, expected.columns)) {
    drift.push(`${label}: columns are (${list(index.columns)}) in the database`);
  } else if (!same(index.descending, expected.descending)) {
    const order = (flags: boolean[]) => flags.map((desc) => (desc ? 'DESC' : 'ASC')).join(', ');
    drift.push(
      `${label}: sort order is (${order(index.descending)}), schema says (${order(expected.descending)})`,
    );
  }
  if (index.unique !== expected.unique) {
    drift.push(`${label}: is ${index.unique ? 'unique' : 'not unique'} in the database`);
  }
  if (index.method !== expected.method) {
    drift.push(`${label}: method is ${index.method}, schema says ${expected.method}`);
  }
  if (index.predicate !== null && expected.predicate === null) {
    drift.push(
      `${label}: is partial (WHERE ${index.predicate}), which the schema does not express`,
    );
  } else if (index.predicate === null && expected.predicate !== null) {
    drift.push(`${label}: is not partial, schema says WHERE ${expected.predicate}`);
  } else if (index.predicate !== expected.predicate) {
    drift.push(
      `${label}: is partial WHERE ${index.predicate}, schema says WHERE ${expected.predicate}`,
    );
  }
  return drift;
}

function compareForeignKeys(table: ExpectedTable, actual: DatabaseSchema['foreignKeys']): string[] {
  const drift: string[] = [];
  const matched = new Set<string>();
  for (const expected of table.foreignKeys) {
    const label = `foreign key ${table.name}(${list(expected.columns)}) → ${expected.referencedTable}(${list(expected.referencedColumns)})`;
    const key = actual.find((candidate) => same(candidate.columns, expected.columns));
    if (!key) {
      drift.push(`${label} is missing`);
      continue;
    }
    matched.add(key.name);
    if (
      key.referenced_table !== expected.referencedTable ||
      !same(key.referenced_columns, expected.referencedColumns)
    ) {
      drift.push(
        `${label}: references ${key.referenced_table}(${list(key.referenced_columns)}) in the database`,
      );
    }
    if (key.on_delete !== expected.onDelete) {
      drift.push(`${label}: ON DELETE is ${key.on_delete}, schema says ${expected.onDelete}`);
    }
    if (key.on_update !== expected.onUpdate) {
      drift.push(`${label}: ON UPDATE is ${key.on_update}, schema says ${expected.onUpdate}`);
    }
  }
  for (const key of actual) {
    if (!matched.has(key.name)) {
      drift.push(
        `foreign key ${key.name} on ${table.name}(${list(key.columns)}) → ${key.referenced_table}(${list(key.referenced_columns)}) exists in the database but not in the schema`,
      );
    }
  }
  return drift;
}

function compareEnums(
  expected: ExpectedSchema['enums'],
  actual: DatabaseSchema['enums'],
): string[] {
  const drift: string[] = [];
  const byName = new Map(actual.map((item) => [item.name, item]));
  for (const item of expected) {
    const found = byName.get(item.name);
    if (!found) drift.push(`enum ${item.name} is missing`);
    else if (!same(found.values, item.values)) {
      drift.push(
        `enum ${item.name}: values are (${list(found.values)}), schema says (${list(item.values)})`,
      );
    }
  }
  const known = new Set(expected.map((item) => item.name));
  for (const item of actual) {
    if (!known.has(item.name))
      drift.push(`enum ${item.name} exists in the database but not in the schema`);
  }
  return drift;
}

/**
 * Compares the database at `connectionString` (its public schema, `_prisma_migrations` aside)
 * with what `prisma migrate` would create from the schema at `schemaPath`: tables, columns with
 * their types, nullability and defaults, primary keys, unique and plain indexes, foreign keys
 * with their referential actions, and enum types with their values in order. Returns one
 * human-readable line per difference; an empty list means no drift.
 */
export async function findSchemaDrift(
  connectionString: string,
  schemaPath: string = SCHEMA_PATH,
): Promise<string[]> {
  const expected = expectedSchema(await readFile(schemaPath, 'utf8'));
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const actual = await readDatabaseSchema(client);
    const canonical = async (type: string, sql: string): Promise<string | undefined> => {
      // How PostgreSQL itself stores this default on a column of this type; nothing is kept.
      try {
        await client.query('BEGIN');
        await client.query(`CREATE TEMP TABLE schema_drift_probe (probe ${type} DEFAULT ${sql})`);
        const { rows } = await client.query(
          "SELECT pg_get_expr(adbin, adrelid) AS sql FROM pg_attrdef WHERE adrelid = 'schema_drift_probe'::regclass",
        );
        return z.object({ sql: z.string() }).safeParse(rows[0]).data?.sql;
      } catch {
        return undefined;
      } finally {
        await client.query('ROLLBACK');
      }
    };

    // A partial index's predicate as PostgreSQL itself stores it, so spelling does not matter.
    for (const table of expected.tables) {
      for (const index of table.indexes) {
        if (index.predicate === null || !actual.tables.includes(table.name)) continue;
        try {
          await client.query('BEGIN');
          await client.query(
            `CREATE INDEX schema_drift_probe_idx ON "${table.name}" ("${index.columns[0] ?? ''}") WHERE ${index.predicate}`,
          );
          const { rows } = await client.query(
            "SELECT pg_get_expr(indpred, indrelid) AS sql FROM pg_index WHERE indexrelid = 'schema_drift_probe_idx'::regclass",
          );
          index.predicate =
            z.object({ sql: z.string() }).safeParse(rows[0]).data?.sql ?? index.predicate;
        } catch {
          // not valid SQL for this table: left as written, so the comparison reports it
        } finally {
          await client.query('ROLLBACK');
        }
      }
    }

    const drift = compareEnums(expected.enums, actual.enums);
    for (const table of expected.tables) {
      if (!actual.tables.includes(table.name)) {
        drift.push(`table ${table.name} is missing`);
        continue;
      }
      const mine = <T extends { table: string }>(items: T[]) =>
        items.filter((item) => item.table === table.name);
      drift.push(...(await compareColumns(table, mine(actual.columns), canonical)));
      drift.push(...compareIndexes(table, mine(actual.indexes)));
      drift.push(...compareForeignKeys(table, mine(actual.foreignKeys)));
    }
    const known = new Set([...expected.tables.map((table) => table.name), ...expected.joinTables]);
    for (const name of actual.tables) {
      if (!known.has(name))
        drift.push(`table ${name} exists in the database but not in the schema`);
    }
    return drift;
  } finally {
    await client.end();
  }
}
