// What the database should look like according to prisma/schema.prisma: the tables, columns,
// keys, indexes and enums `prisma migrate` would create on PostgreSQL, read from Prisma's DMMF.
import { getDMMF } from '@prisma/get-dmmf';
import { z } from 'zod';
import { type ExpectedDefault, expectedDefault } from './schema-drift-defaults.ts';

export interface ExpectedColumn {
  name: string;
  /** As PostgreSQL's `format_type` prints it, without identifier quotes: `timestamp(3) with time zone`. */
  type: string;
  /** undefined for scalar lists: Prisma creates them nullable although the schema cannot say so. */
  notNull: boolean | undefined;
  default: ExpectedDefault;
}

export interface ExpectedIndex {
  name: string;
  columns: string[];
  descending: boolean[];
  unique: boolean;
  method: string;
  /** A partial index's WHERE clause, as `where: raw("…")` gives it (partialIndexes preview). */
  predicate: string | null;
}

export interface ExpectedForeignKey {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface ExpectedTable {
  name: string;
  columns: ExpectedColumn[];
  primaryKey: { name: string; columns: string[] } | undefined;
  indexes: ExpectedIndex[];
  foreignKeys: ExpectedForeignKey[];
}

export interface ExpectedSchema {
  tables: ExpectedTable[];
  enums: { name: string; values: string[] }[];
  /** Join tables of implicit many-to-many relations: Prisma owns them, we do not compare them. */
  joinTables: string[];
}

const fieldSchema = z.object({
  name: z.string(),
  dbName: z.string().nullish(),
  kind: z.string(),
  type: z.string(),
  isList: z.boolean(),
  isRequired: z.boolean(),
  nativeType: z.tuple([z.string(), z.array(z.string())]).nullish(),
  default: z
    .union([
      z.object({ name: z.string(), args: z.array(z.unknown()) }),
      z.string(),
      z.number(),
      z.boolean(),
      z.array(z.unknown()),
    ])
    .optional(),
  relationName: z.string().optional(),
  relationFromFields: z.array(z.string()).optional(),
  relationToFields: z.array(z.string()).optional(),
  relationOnDelete: z.string().optional(),
  relationOnUpdate: z.string().optional(),
});

const modelSchema = z.object({
  name: z.string(),
  dbName: z.string().nullable(),
  fields: z.array(fieldSchema),
});
type Model = z.infer<typeof modelSchema>;

const dmmfSchema = z.object({
  datamodel: z.object({
    models: z.array(modelSchema),
    enums: z.array(
      z.object({
        name: z.string(),
        dbName: z.string().nullish(),
        values: z.array(z.object({ name: z.string(), dbName: z.string().nullish() })),
      }),
    ),
    indexes: z.array(
      z.object({
        model: z.string(),
        type: z.string(),
        dbName: z.string().nullish(),
        algorithm: z.string().optional(),
        fields: z.array(z.object({ name: z.string(), sortOrder: z.string().optional() })),
      }),
    ),
  }),
});

/** PostgreSQL's identifier limit, which Prisma's default constraint names respect. */
const MAX_IDENTIFIER = 63;

/** Prisma's default index and constraint names (psl `ConstraintNames`). */
function defaultName(table: string, columns: string[], suffix: '_key' | '_idx'): string {
  const base = `${table}_${columns.join('_')}`;
  const limit = MAX_IDENTIFIER - suffix.length;
  return `${base.length >= limit ? base.slice(0, limit) : base}${suffix}`;
}

function primaryKeyName(table: string): string {
  return `${table.length >= MAX_IDENTIFIER - 5 ? table.slice(0, MAX_IDENTIFIER - 5) : table}_pkey`;
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Boolean: 'boolean',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

/** The PostgreSQL type of a native type attribute such as `@db.Timestamptz(3)`. */
function nativeType(name: string, args: string[]): string {
  const [first, second] = args;
  const precision = first === undefined ? '' : `(${first})`;
  const simple: Record<string, string> = {
    Text: 'text',
    Uuid: 'uuid',
    Citext: 'citext',
    Inet: 'inet',
    Xml: 'xml',
    SmallInt: 'smallint',
    Integer: 'integer',
    Oid: 'oid',
    BigInt: 'bigint',
    Real: 'real',
    DoublePrecision: 'double precision',
    Money: 'money',
    Date: 'date',
    Json: 'json',
    JsonB: 'jsonb',
    ByteA: 'bytea',
    Boolean: 'boolean',
    VarChar: `character varying${precision}`,
    Char: `character(${first ?? 1})`,
    Bit: `bit(${first ?? 1})`,
    VarBit: `bit varying${precision}`,
    Decimal: first === undefined ? 'numeric(65,30)' : `numeric(${first},${second ?? 0})`,
    Timestamp: `timestamp${precision} without time zone`,
    Timestamptz: `timestamp${precision} with time zone`,
    Time: `time${precision} without time zone`,
    Timetz: `time${precision} with time zone`,
  };
  return simple[name] ?? name.toLowerCase();
}

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes in Prisma's errors
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * Reads a Prisma schema with the WASM build of Prisma's schema engine and describes the
 * PostgreSQL objects `prisma migrate` would create for it. Throws with Prisma's own message
 * when the schema is invalid.
 */
/**
 * The `where: raw("…")` of each named `@@index` / `@@unique`: the DMMF leaves partial-index
 * predicates out, so they are read from the schema text, by the index's `map` name.
 */
export function partialIndexPredicates(datamodel: string): Map<string, string> {
  const predicates = new Map<string, string>();
  for (const line of datamodel.split('\n')) {
    if (!/^\s*@@(index|unique)\(/.test(line)) continue;
    const name = /map:\s*"([^"]+)"/.exec(line)?.[1];
    const where = /where:\s*raw\("((?:[^"\\]|\\.)*)"\)/.exec(line)?.[1];
    if (name && where) predicates.set(name, where.replace(/\\"/g, '"'));
  }
  return predicates;
}

export function expectedSchema(datamodel: string): ExpectedSchema {
  const result = getDMMF({ datamodel });
  if ('error' in result) {
    const raw = result.error instanceof Error ? result.error.message : String(result.error);
    const parsed = z.object({ message: z.string() }).safeParse(safeJson(raw));
    throw new Error(
      `Cannot read the Prisma schema: ${stripAnsi(parsed.success ? parsed.data.message : raw)}`,
    );
  }
  const { models, enums, indexes } = dmmfSchema.parse(result).datamodel;
  const predicates = partialIndexPredicates(datamodel);
  const byName = new Map(models.map((model) => [model.name, model]));
  const enumNames = new Map(enums.map((item) => [item.name, item.dbName ?? item.name]));
  const enumValues = new Map(
    enums.map((item) => [
      item.name,
      new Map(item.values.map((value) => [value.name, value.dbName ?? value.name])),
    ]),
  );
  const tableOf = (model: Model) => model.dbName ?? model.name;
  const columnOf = (model: Model, fieldName: string) => {
    const field = model.fields.find((candidate) => candidate.name === fieldName);
    return field?.dbName ?? fieldName;
  };

  const joinTables: string[] = [];
  const tables = models.map((model): ExpectedTable => {
    const table = tableOf(model);
    const columns = model.fields
      .filter((field) => field.kind === 'scalar' || field.kind === 'enum')
      .map((field): ExpectedColumn => {
        const base =
          field.kind === 'enum'
            ? (enumNames.get(field.type) ?? field.type)
            : field.nativeType
              ? nativeType(field.nativeType[0], field.nativeType[1])
              : (SCALAR_TYPES[field.type] ?? field.type.toLowerCase());
        return {
          name: field.dbName ?? field.name,
          type: field.isList ? `${base}[]` : base,
          notNull: field.isList ? undefined : field.isRequired,
          default: expectedDefault(
            field.default,
            field.type,
            field.kind === 'enum' ? enumValues.get(field.type) : undefined,
          ),
        };
      });

    const foreignKeys: ExpectedForeignKey[] = [];
    for (const field of model.fields) {
      if (field.kind !== 'object') continue;
      const target = byName.get(field.type);
      if (!target) continue;
      const from = field.relationFromFields ?? [];
      if (from.length > 0) {
        foreignKeys.push({
          columns: from.map((name) => columnOf(model, name)),
          referencedTable: tableOf(target),
          referencedColumns: (field.relationToFields ?? []).map((name) => columnOf(target, name)),
          onDelete:
            REFERENTIAL_ACTIONS[
              field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull')
            ] ?? '?',
          onUpdate: REFERENTIAL_ACTIONS[field.relationOnUpdate ?? 'Cascade'] ?? '?',
        });
      } else if (field.isList && field.relationName) {
        const other = target.fields.find(
          (candidate) => candidate.relationName === field.relationName && candidate !== field,
        );
        if (other?.isList) joinTables.push(`_${field.relationName}`);
      }
    }

    let primaryKey: ExpectedTable['primaryKey'];
    const tableIndexes: ExpectedIndex[] = [];
    for (const index of indexes.filter((candidate) => candidate.model === model.name)) {
      const indexColumns = index.fields.map((field) => columnOf(model, field.name));
      if (index.type === 'id') {
        primaryKey = { name: index.dbName ?? primaryKeyName(table), columns: indexColumns };
        continue;
      }
      const unique = index.type === 'unique';
      tableIndexes.push({
        name: index.dbName ?? defaultName(table, indexColumns, unique ? '_key' : '_idx'),
        columns: indexColumns,
        descending: index.fields.map((field) => field.sortOrder === 'desc'),
        unique,
        method: (index.algorithm ?? 'BTree').toLowerCase(),
        predicate: predicates.get(index.dbName ?? '') ?? null,
      });
    }
    return { name: table, columns, primaryKey, indexes: tableIndexes, foreignKeys };
  });

  return {
    tables,
    enums: enums.map((item) => ({
      name: item.dbName ?? item.name,
      values: item.values.map((value) => value.dbName ?? value.name),
    })),
    joinTables: [...new Set(joinTables)],
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
