import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { query, testDatabaseUrl } from '../../../tests/support/database.ts';
import { applyOnce, IdempotencyConflictError } from './apply-once.ts';

const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
afterAll(async () => {
  await pool.end();
});

async function applied(key: string) {
  return query<{ tool: string; result: unknown }>(
    testDatabaseUrl,
    'SELECT tool, result FROM erp.applied_writes WHERE idempotency_key = $1',
    [key],
  );
}

describe('applyOnce', () => {
  it('writes once per key and returns the first result to a repeated call', async () => {
    let writes = 0;
    const options = {
      system: 'erp' as const,
      tool: 'erp.test-write',
      idempotencyKey: 'run-a:step',
      request: { n: 1 },
    };
    const first = await applyOnce(pool, options, async () => {
      writes += 1;
      return { id: `write-${writes}` };
    });
    const second = await applyOnce(pool, options, async () => {
      writes += 1;
      return { id: `write-${writes}` };
    });
    expect(first).toEqual({ id: 'write-1' });
    expect(second).toEqual({ id: 'write-1' });
    expect(writes).toBe(1);
    expect(await applied('run-a:step')).toEqual([
      { tool: 'erp.test-write', result: { id: 'write-1' } },
    ]);
  });

  it('refuses the same key with other input', async () => {
    const options = {
      system: 'erp' as const,
      tool: 'erp.test-write',
      idempotencyKey: 'run-b:step',
      request: { n: 1 },
    };
    await applyOnce(pool, options, async () => ({ ok: true }));
    await expect(
      applyOnce(pool, { ...options, request: { n: 2 } }, async () => ({ ok: false })),
    ).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('leaves no trace of a write that failed, so the retry applies it', async () => {
    const options = {
      system: 'erp' as const,
      tool: 'erp.test-write',
      idempotencyKey: 'run-c:step',
      request: {},
    };
    await expect(
      applyOnce(pool, options, async (client) => {
        await client.query("UPDATE erp.vendors SET name = 'changed' WHERE false");
        throw new Error('ERP refused the connection');
      }),
    ).rejects.toThrow('ERP refused the connection');
    expect(await applied('run-c:step')).toEqual([]);
    expect(await applyOnce(pool, options, async () => ({ retried: true }))).toEqual({
      retried: true,
    });
  });
});
