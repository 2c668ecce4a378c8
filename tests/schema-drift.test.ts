// The hand-written migrations must build exactly the database prisma/schema.prisma describes,
// and the drift check must notice when they do not: each case below breaks one thing, in a copy
// of the migrations or with an ALTER on a scratch database, and expects that one difference.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../server/db/migrate.ts';
import { findSchemaDrift, SCHEMA_PATH } from '../server/db/schema-drift.ts';
import { createScratchDatabase, query, testDatabaseUrl } from './support/database.ts';

const scratchDirs: string[] = [];

/** Replaces `from` (which must occur exactly once) with `to`, so a stale edit fails loudly. */
function edit(sql: string, from: string, to = ''): string {
  const count = sql.split(from).length - 1;
  if (count !== 1) throw new Error(`expected exactly one occurrence of: ${from}`);
  return sql.replace(from, to);
}

/**
 * A new database migrated from a copy of the migrations whose init migration went through
 * `change`; returns its connection string. Dropped, with the copy, when the file ends.
 */
async function migratedDatabase(change: (sql: string) => string = (sql) => sql): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'steward-drift-'));
  scratchDirs.push(dir);
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  const init = (await readMigrations(dir)).find((migration) => migration.name.endsWith('_init'));
  if (!init) throw new Error('no init migration');
  await writeFile(init.file, change(await readFile(init.file, 'utf8')));

  const url = await createScratchDatabase();
  await migrate(url, { dir });
  return url;
}

/** A copy of prisma/schema.prisma changed by `change`, in a temporary folder; returns its path. */
async function schemaCopy(change: (schema: string) => string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'steward-drift-schema-'));
  scratchDirs.push(dir);
  const schemaPath = path.join(dir, 'schema.prisma');
  await writeFile(schemaPath, change(await readFile(SCHEMA_PATH, 'utf8')));
  return schemaPath;
}

afterAll(async () => {
  for (const dir of scratchDirs) await rm(dir, { recursive: true, force: true });
});

describe('the schema drift check', () => {
  it('the migrated database matches prisma/schema.prisma', async () => {
    const drift = await findSchemaDrift(testDatabaseUrl);
    expect(drift.join('\n')).toBe('');
  });

  it('removing a column from a migration makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) => edit(sql, '    "lease_token" UUID,\n'));
    expect(await findSchemaDrift(url)).toEqual(['column runs.lease_token is missing']);
  });

  it('a column created with another type makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) =>
      edit(sql, '"lease_token" UUID,', '"lease_token" TEXT,'),
    );
    expect(await findSchemaDrift(url)).toEqual([
      'runs.lease_token: type is text, schema says uuid',
    ]);
  });

  it('a timestamp without the time zone makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) =>
      edit(sql, '"lease_expires_at" TIMESTAMPTZ(3),', '"lease_expires_at" TIMESTAMP(3),'),
    );
    expect(await findSchemaDrift(url)).toEqual([
      'runs.lease_expires_at: type is timestamp(3) without time zone, schema says timestamp(3) with time zone',
    ]);
  });

  it('a required column left nullable makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) =>
      edit(sql, '"workflow_id" TEXT NOT NULL,', '"workflow_id" TEXT,'),
    );
    expect(await findSchemaDrift(url)).toEqual([
      'runs.workflow_id: is nullable, schema says NOT NULL',
    ]);
  });

  it('a dropped default makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) =>
      edit(sql, '"priority" INTEGER NOT NULL DEFAULT 0,', '"priority" INTEGER NOT NULL,'),
    );
    expect(await findSchemaDrift(url)).toEqual(['runs.priority: default is none, schema says 0']);
  });

  it('a different enum or JSON default makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) =>
      edit(
        edit(
          sql,
          `"status" "RunStatus" NOT NULL DEFAULT 'queued',`,
          `"status" "RunStatus" NOT NULL DEFAULT 'running',`,
        ),
        `"attempts" JSONB NOT NULL DEFAULT '[]',`,
        `"attempts" JSONB NOT NULL DEFAULT '{}',`,
      ),
    );
    expect(await findSchemaDrift(url)).toEqual([
      `runs.status: default is 'running'::"RunStatus", schema says 'queued'`,
      `step_checkpoints.attempts: default is '{}'::jsonb, schema says '[]'`,
    ]);
  });

  it('a default the schema does not have makes the drift check fail', async () => {
    const url = await migratedDatabase();
    await query(url, `ALTER TABLE "runs" ALTER COLUMN "lease_owner" SET DEFAULT 'nobody'`);
    expect(await findSchemaDrift(url)).toEqual([
      `runs.lease_owner: default is 'nobody'::text, schema says none`,
    ]);
  });

  it('a missing @unique index makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) =>
      edit(sql, 'CREATE UNIQUE INDEX "users_email_key" ON "users"("email");\n'),
    );
    expect(await findSchemaDrift(url)).toEqual([
      'unique index users_email_key on users(email) is missing',
    ]);
  });

  it('a missing @@unique index makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) =>
      edit(
        sql,
        'CREATE UNIQUE INDEX "step_checkpoints_run_step_key" ON "step_checkpoints"("run_id", "step_id");\n',
      ),
    );
    expect(await findSchemaDrift(url)).toEqual([
      'unique index step_checkpoints_run_step_key on step_checkpoints(run_id, step_id) is missing',
    ]);
  });

  it('a missing @@index makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) =>
      edit(sql, 'CREATE INDEX "runs_claim_idx" ON "runs"("status", "run_after", "priority");\n'),
    );
    expect(await findSchemaDrift(url)).toEqual([
      'index runs_claim_idx on runs(status, run_after, priority) is missing',
    ]);
  });

  it('an index over columns in another order makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) =>
      edit(
        sql,
        '"runs"("status", "run_after", "priority")',
        '"runs"("status", "priority", "run_after")',
      ),
    );
    expect(await findSchemaDrift(url)).toEqual([
      'index runs_claim_idx on runs(status, run_after, priority): columns are (status, priority, run_after) in the database',
    ]);
  });

  it('a missing foreign key makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) =>
      edit(
        sql,
        'ALTER TABLE "runs" ADD CONSTRAINT "runs_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;\n',
      ),
    );
    expect(await findSchemaDrift(url)).toEqual([
      'foreign key runs(requested_by_id) → users(id) is missing',
    ]);
  });

  it('a foreign key with another ON DELETE action makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) =>
      edit(
        sql,
        'REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;',
        'REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;',
      ),
    );
    expect(await findSchemaDrift(url)).toEqual([
      'foreign key audit_events(actor_id) → users(id): ON DELETE is CASCADE, schema says RESTRICT',
    ]);
  });

  it('an enum value missing makes the drift check fail', async () => {
    const url = await migratedDatabase((sql) => edit(sql, "'needs_reconciliation', "));
    expect(await findSchemaDrift(url)).toEqual([
      'enum RunStatus: values are (queued, running, sleeping, waiting, needs_review, succeeded, failed, dead, cancelled), ' +
        'schema says (queued, running, sleeping, waiting, needs_review, needs_reconciliation, succeeded, failed, dead, cancelled)',
    ]);
  });

  it('an extra column in the database makes the drift check fail', async () => {
    const url = await migratedDatabase();
    await query(url, 'ALTER TABLE "runs" ADD COLUMN "extra" TEXT');
    expect(await findSchemaDrift(url)).toEqual([
      'column runs.extra exists in the database but not in the schema',
    ]);
  });

  it('a field added to the schema without a migration makes the drift check fail', async () => {
    const schemaPath = await schemaCopy((schema) =>
      edit(
        schema,
        '  priority        Int ',
        '  cancelReason    String?    @map("cancel_reason")\n  priority        Int ',
      ),
    );
    expect(await findSchemaDrift(testDatabaseUrl, schemaPath)).toEqual([
      'column runs.cancel_reason is missing',
    ]);
  });

  it('a dbgenerated default matches however PostgreSQL spells the expression', async () => {
    const url = await migratedDatabase();
    await query(url, `ALTER TABLE "runs" ALTER COLUMN "lease_owner" SET DEFAULT 'nobody'`);
    const schemaPath = await schemaCopy((schema) =>
      edit(
        schema,
        'leaseOwner      String?    @map("lease_owner")',
        `leaseOwner      String?    @default(dbgenerated("'nobody'")) @map("lease_owner")`,
      ),
    );
    expect(await findSchemaDrift(url, schemaPath)).toEqual([]);
    await query(url, `ALTER TABLE "runs" ALTER COLUMN "lease_owner" SET DEFAULT 'somebody'`);
    expect(await findSchemaDrift(url, schemaPath)).toEqual([
      `runs.lease_owner: default is 'somebody'::text, schema says 'nobody'`,
    ]);
  });

  it('a missing table, or one the schema does not have, makes the drift check fail', async () => {
    const url = await migratedDatabase();
    await query(url, 'DROP TABLE "review_items"; CREATE TABLE "leftovers" ("id" INTEGER)');
    expect(await findSchemaDrift(url)).toEqual([
      'table review_items is missing',
      'table leftovers exists in the database but not in the schema',
    ]);
  });
});

describe('partial indexes', () => {
  it('are compared by their predicate, as PostgreSQL stores it', async () => {
    const url = await migratedDatabase();
    await query(
      url,
      `DROP INDEX runs_due_idx; CREATE INDEX runs_due_idx ON runs (priority DESC, run_after) WHERE status = 'queued'`,
    );
    const drift = await findSchemaDrift(url);
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatch(
      /^index runs_due_idx on runs\(priority, run_after\): is partial WHERE \(status = 'queued'::"RunStatus"\), schema says WHERE \(status = ANY/,
    );
  });

  it('report a partial index the database built without its predicate', async () => {
    const url = await migratedDatabase();
    await query(
      url,
      'DROP INDEX runs_due_idx; CREATE INDEX runs_due_idx ON runs (priority DESC, run_after)',
    );
    expect(await findSchemaDrift(url)).toEqual([
      expect.stringMatching(
        /^index runs_due_idx on runs\(priority, run_after\): is not partial, schema says WHERE/,
      ),
    ]);
  });
});
