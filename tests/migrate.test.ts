import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, MigrationError, migrate, readMigrations } from '../server/db/migrate.ts';
import { createScratchDatabase, query, testDatabaseUrl } from './support/database.ts';

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'steward-migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('migrate', () => {
  let url: string;
  beforeAll(async () => {
    url = await createScratchDatabase();
  });

  it('applies every migration and records each in _prisma_migrations as Prisma does', async () => {
    const files = await readMigrations();
    const { applied } = await migrate(url);
    expect(applied).toEqual(files.map((file) => file.name));

    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
      rolled_back_at: Date | null;
    }>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
    for (const [index, row] of rows.entries()) {
      expect(row.checksum).toBe(files[index]?.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'runs'",
    );
    expect(tables).toHaveLength(1);
  });

  it('applies nothing the second time', async () => {
    expect((await migrate(url)).applied).toEqual([]);
  });

  it('refuses a migration edited after it was applied', async () => {
    const dir = await copyOfMigrations();
    const [first] = await readMigrations(dir);
    if (!first) throw new Error('no migrations');
    await writeFile(first.file, `${first.sql}\n-- edited\n`);
    await expect(migrate(url, { dir })).rejects.toThrow(/edited after it was applied/);
  });
});

describe('a failing migration', () => {
  it('leaves the database as it was and names the file, the line and the reason', async () => {
    const url = await createScratchDatabase();
    const dir = await copyOfMigrations();
    await migrate(url, { dir });
    const name = '29990101000000_broken';
    const file = path.join(dir, name, 'migration.sql');
    await cp(path.join(dir, (await readMigrations(dir))[0]?.name ?? ''), path.join(dir, name), {
      recursive: true,
    });
    await writeFile(
      file,
      'CREATE TABLE "half_done" ("id" INTEGER);\nALTER TABLE "runs" ADD COLUMN "x" TEXT;\nSELECT * FROM "no_such_table";\n',
    );

    const error = await migrate(url, { dir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect(String((error as MigrationError).message)).toContain(`${file}:3`);
    expect(String((error as MigrationError).message)).toMatch(/no_such_table.*does not exist/);

    const halfDone = await query(
      url,
      "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'",
    );
    expect(halfDone).toHaveLength(0);
    const column = await query(
      url,
      "SELECT 1 FROM information_schema.columns WHERE table_name = 'runs' AND column_name = 'x'",
    );
    expect(column).toHaveLength(0);
    const recorded = await query(
      url,
      `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '${name}'`,
    );
    expect(recorded).toHaveLength(0);
  });
});

describe('two processes migrating at once', () => {
  it('apply each migration exactly once', async () => {
    const url = await createScratchDatabase();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const appliedCounts = results.map((result) => result.applied.length).sort();
    const total = (await readMigrations()).length;
    expect(appliedCounts).toEqual([0, 0, total]);
    const rows = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM "_prisma_migrations"');
    expect(Number(rows[0]?.n)).toBe(total);
  });
});

describe('the per-file test database', () => {
  it('is already migrated from the template', async () => {
    const rows = await query<{ n: string }>(
      testDatabaseUrl,
      'SELECT count(*) AS n FROM "_prisma_migrations"',
    );
    expect(Number(rows[0]?.n)).toBe((await readMigrations()).length);
    expect(process.env.DATABASE_URL).toBe(testDatabaseUrl);
  });
});
