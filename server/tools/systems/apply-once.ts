/**
 * Idempotent writes to a system of record: the write and the record of its idempotency key
 * commit in one transaction, guarded by `<schema>.applied_writes`' primary key, so a repeated
 * call with the same key applies nothing and returns the first call's result.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { NonRetriableError } from '../../engine/errors.ts';
import type { ToolClients } from '../define-tool.ts';

/** The systems tools write to; each has an `applied_writes` table. */
export type TWritableSystem = 'crm' | 'erp' | 'billing' | 'shipping';

/** The same idempotency key came back with different input: a bug upstream, never retried. */
export class IdempotencyConflictError extends NonRetriableError {
  override name = 'IdempotencyConflictError';
}

function requestHash(request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(request ?? null))
    .digest('hex');
}

/**
 * Runs `write` once per idempotency key: the key is claimed in `<system>.applied_writes` first
 * (inside the same transaction), the write runs and its result is stored with the key; a second
 * call with the key returns the stored result without writing. Any failure rolls back both.
 */
export async function applyOnce<TResult>(
  db: ToolClients['db'],
  options: { system: TWritableSystem; tool: string; idempotencyKey: string; request: unknown },
  write: (client: pg.PoolClient) => Promise<TResult>,
): Promise<TResult> {
  const hash = requestHash(options.request);
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const claimed = await client.query(
      `INSERT INTO ${options.system}.applied_writes (idempotency_key, tool, request_hash)
       VALUES ($1, $2, $3) ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
      [options.idempotencyKey, options.tool, hash],
    );
    if (claimed.rowCount === 0) {
      const { rows } = await client.query(
        `SELECT tool, request_hash, result FROM ${options.system}.applied_writes WHERE idempotency_key = $1`,
        [options.idempotencyKey],
      );
      await client.query('ROLLBACK');
      const first = z
        .object({ tool: z.string(), request_hash: z.string().nullable(), result: z.unknown() })
        .parse(rows[0]);
      if (first.tool !== options.tool || first.request_hash !== hash) {
        throw new IdempotencyConflictError(
          `Idempotency key ${options.idempotencyKey} was already used by ${first.tool} with other input`,
        );
      }
      return first.result as TResult;
    }
    const result = await write(client);
    await client.query(
      `UPDATE ${options.system}.applied_writes SET result = $2::jsonb WHERE idempotency_key = $1`,
      [options.idempotencyKey, JSON.stringify(result ?? null)],
    );
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
