import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../server/db/embedded-postgres.ts';
import { openDatabase } from '../server/db/open-database.ts';
import { parseEnv } from '../server/env.ts';
import { findFreePort, isPortInUse } from '../server/net.ts';
import { query, testDatabaseUrl } from './support/database.ts';

const folders: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as the "postgres" user, which must get in
  folders.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the embedded database', () => {
  it('keeps its data across a stop and a start, and stops cleanly', async () => {
    const dataDir = path.join(await tempDir('steward-embedded-'), 'postgres');
    const port = await findFreePort();
    const first = await startEmbeddedPostgres({ dataDir, port, database: 'keep' });
    expect(first.isShared).toBe(false);
    await query(first.url, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')");
    await first.stop();
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(await isPortInUse(port, '127.0.0.1')).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir, port, database: 'keep' });
    try {
      expect(await query(second.url, 'SELECT body FROM notes')).toEqual([{ body: 'kept' }]);
    } finally {
      await second.stop();
    }
  });

  it('is shared, not started twice, when another process already runs it', async () => {
    const dataDir = path.join(await tempDir('steward-shared-'), 'postgres');
    const port = await findFreePort();
    const owner = await startEmbeddedPostgres({ dataDir, port, database: 'one' });
    try {
      const guest = await startEmbeddedPostgres({ dataDir, port: port + 1, database: 'two' });
      expect(guest.isShared).toBe(true);
      expect(guest.port).toBe(port);
      await guest.stop(); // a guest's stop leaves the owner's cluster running
      expect(await query(owner.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
      expect(await query(guest.url, 'SELECT current_database() AS db')).toEqual([{ db: 'two' }]);
    } finally {
      await owner.stop();
    }
  });
});

describe('openDatabase', () => {
  it('uses DATABASE_URL when it is set and embeds nothing', async () => {
    const dataDir = await tempDir('steward-external-');
    const env = parseEnv({ DATABASE_URL: testDatabaseUrl, STEWARD_DATA_DIR: dataDir });
    const database = await openDatabase(env, { log: () => {} });
    expect(database).toMatchObject({ url: testDatabaseUrl, isEmbedded: false });
    await database.close();
    expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
  });

  it('starts and migrates the embedded database when DATABASE_URL is unset', async () => {
    const dataDir = await tempDir('steward-default-');
    const env = parseEnv({
      STEWARD_DATA_DIR: dataDir,
      STEWARD_PG_PORT: String(await findFreePort()),
    });
    const lines: string[] = [];
    const database = await openDatabase(env, { log: (line) => lines.push(line) });
    try {
      expect(database.isEmbedded).toBe(true);
      expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
      const rows = await query<{ n: string }>(database.url, 'SELECT count(*) AS n FROM runs');
      expect(Number(rows[0]?.n)).toBe(0);
      expect(lines.join('\n')).toMatch(/applying migration \d+_init/);
    } finally {
      await database.close();
    }
  });
});

describe('a data folder the server cannot reach', () => {
  it.runIf(process.getuid?.() === 0)('is explained with the permission to give', async () => {
    const locked = await mkdtemp(path.join(os.tmpdir(), 'steward-locked-'));
    folders.push(locked);
    await expect(
      startEmbeddedPostgres({
        dataDir: path.join(locked, 'postgres'),
        port: await findFreePort(),
        database: 'x',
      }),
    ).rejects.toThrow(
      /"postgres" system user, which must be able to reach this folder.*chmod o\+x/,
    );
  });
});

describe('loading embedded-postgres', () => {
  it('leaves the exit code of a process that ends on its own alone', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "await import('./server/db/embedded-postgres.ts'); process.exitCode = 3;",
      ],
      { encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(3);
  });
});
