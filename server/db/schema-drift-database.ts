// What the database actually holds in its public schema, read from pg_catalog: tables, columns,
// indexes (primary keys included), foreign keys and enum types.
import type pg from 'pg';
import { z } from 'zod';

/** Prisma's own bookkeeping table; not part of the schema. */
const IGNORED_TABLES = ['_prisma_migrations'];

const columnRow = z.object({
  table: z.string(),
  name: z.string(),
  type: z.string(),
  not_null: z.boolean(),
  default: z.string().nullable(),
  identity: z.boolean(),
});
export type DatabaseColumn = z.infer<typeof columnRow>;

const indexRow = z.object({
  table: z.string(),
  name: z.string(),
  columns: z.array(z.string()),
  descending: z.array(z.boolean()),
  unique: z.boolean(),
  primary: z.boolean(),
  method: z.string(),
  predicate: z.string().nullable(),
});
export type DatabaseIndex = z.infer<typeof indexRow>;

const foreignKeyRow = z.object({
  name: z.string(),
  table: z.string(),
  columns: z.array(z.string()),
  referenced_table: z.string(),
  referenced_columns: z.array(z.string()),
  on_delete: z.string(),
  on_update: z.string(),
});
export type DatabaseForeignKey = z.infer<typeof foreignKeyRow>;

const enumRow = z.object({ name: z.string(), values: z.array(z.string()) });

export interface DatabaseSchema {
  tables: string[];
  columns: DatabaseColumn[];
  indexes: DatabaseIndex[];
  foreignKeys: DatabaseForeignKey[];
  enums: z.infer<typeof enumRow>[];
}

const TABLES = `
SELECT c.relname AS name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname`;

const COLUMNS = `
SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default,
       a.attidentity <> '' AS identity
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`;

// Key columns only (not INCLUDE columns); an expression column shows as its expression.
const INDEXES = `
SELECT t.relname AS table, i.relname AS name,
       ARRAY(SELECT COALESCE(a.attname::text, pg_get_indexdef(ix.indexrelid, k.ord::int, true))
             FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum > 0
             WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord)::text[] AS columns,
       ARRAY(SELECT (o.option & 1) = 1
             FROM unnest(ix.indoption::int2[]) WITH ORDINALITY AS o(option, ord)
             WHERE o.ord <= ix.indnkeyatts ORDER BY o.ord) AS descending,
       ix.indisunique AS unique, ix.indisprimary AS primary, am.amname AS method,
       pg_get_expr(ix.indpred, ix.indrelid) AS predicate
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = i.relam
WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p')
ORDER BY t.relname, i.relname`;

const ACTION = `CASE %s WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
  WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END`;

const FOREIGN_KEYS = `
SELECT con.conname AS name, t.relname AS table, r.relname AS referenced_table,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
             ORDER BY k.ord)::text[] AS columns,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
             ORDER BY k.ord)::text[] AS referenced_columns,
       ${ACTION.replace('%s', 'con.confdeltype')} AS on_delete,
       ${ACTION.replace('%s', 'con.confupdtype')} AS on_update
FROM pg_constraint con
JOIN pg_class t ON t.oid = con.conrelid
JOIN pg_class r ON r.oid = con.confrelid
JOIN pg_namespace n ON n.oid = con.connamespace
WHERE n.nspname = 'public' AND con.contype = 'f' AND con.conparentid = 0
ORDER BY t.relname, con.conname`;

const ENUMS = `
SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
FROM pg_type t
JOIN pg_enum e ON e.enumtypid = t.oid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = 'public'
GROUP BY t.typname
ORDER BY t.typname`;

/** Reads the public schema's tables, columns, indexes, foreign keys and enums (not `_prisma_migrations`). */
export async function readDatabaseSchema(client: pg.Client): Promise<DatabaseSchema> {
  const rows = async <T>(sql: string, row: z.ZodType<T>): Promise<T[]> =>
    z.array(row).parse((await client.query(sql)).rows);
  const keep = (item: { table: string }) => !IGNORED_TABLES.includes(item.table);
  const tables = await rows(TABLES, z.object({ name: z.string() }));
  return {
    tables: tables.map((table) => table.name).filter((name) => !IGNORED_TABLES.includes(name)),
    columns: (await rows(COLUMNS, columnRow)).filter(keep),
    indexes: (await rows(INDEXES, indexRow)).filter(keep),
    foreignKeys: (await rows(FOREIGN_KEYS, foreignKeyRow)).filter(keep),
    enums: await rows(ENUMS, enumRow),
  };
}
