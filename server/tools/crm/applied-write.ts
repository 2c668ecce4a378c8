/** What compensation tools read back: the stored result of the CRM write they undo. */
import type pg from 'pg';
import { z } from 'zod';
import { NonRetriableError } from '../../engine/errors.ts';
import type { ToolClients } from '../define-tool.ts';

/**
 * The input of a CRM write's compensation, carried in the write's result as `undo`: the
 * idempotency key of the write to undo, which the compensation reads back.
 */
export const ZUndo = z.object({
  writeKey: z.string().min(1).max(500).describe('The idempotency key of the write to undo.'),
});

/** The write a compensation was asked to undo is not one it can undo: never retried. */
export class CompensationRefusedError extends NonRetriableError {
  override name = 'CompensationRefusedError';
}

/**
 * The result `tool` stored under `writeKey` in `crm.applied_writes`, locked for the rest of the
 * transaction (unless a preview reads it, `forUpdate` false); refused when that key did not
 * apply that tool.
 */
export async function readAppliedWrite<T>(
  db: ToolClients['db'] | pg.PoolClient,
  writeKey: string,
  tool: string,
  schema: z.ZodType<T>,
  forUpdate = true,
): Promise<T> {
  const { rows } = await db.query(
    `SELECT tool, result FROM crm.applied_writes WHERE idempotency_key = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [writeKey],
  );
  const [row] = rows;
  if (row === undefined || row.tool !== tool) {
    throw new CompensationRefusedError(
      `No ${tool} write was applied with idempotency key ${writeKey}; there is nothing to undo.`,
    );
  }
  const result = schema.safeParse(row.result);
  if (!result.success) {
    throw new CompensationRefusedError(
      `The ${tool} write with idempotency key ${writeKey} stored a result this tool cannot read.`,
    );
  }
  return result.data;
}

/** The refusal of a record that already exists (`what`, e.g. "An account for acme.com"). */
export function alreadyExists(what: string): NonRetriableError {
  return new NonRetriableError(`${what} already exists in the CRM.`);
}

/** Runs a write, turning a unique-key violation into a clear, non-retriable error. */
export async function refuseDuplicates<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === '23505') {
      throw alreadyExists(what);
    }
    throw error;
  }
}
