import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../engine/store.ts';
import type { JsonValue } from '../engine/types.ts';

export interface AuditEventInput {
  /** The user who acted; null for the system (workers, schedulers). */
  actorId: string | null;
  /** What happened, `<subject>.<verb>`: `run.started`, `run.replayed`, `dead_letter.discarded`. */
  action: string;
  subjectType: string;
  subjectId: string;
  data?: { [key: string]: JsonValue };
}

/** JSON with object keys sorted, so the same event always hashes the same. */
function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? null)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash of an event chained to the previous one's. */
export function auditHash(prevHash: string | null, event: Required<AuditEventInput>, at: string) {
  return createHash('sha256')
    .update(
      canonicalJson({
        prevHash,
        at,
        actorId: event.actorId,
        action: event.action,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        data: event.data,
      }),
    )
    .digest('hex');
}

/**
 * Appends an event to the hash-chained audit trail. Call it inside the transaction that makes the
 * change, so the change and its record commit together; a transaction-scoped advisory lock
 * serialises appends so the chain has no forks.
 */
export async function appendAuditEvent(db: Queryable, input: AuditEventInput): Promise<void> {
  const event = { ...input, data: input.data ?? {} };
  await db.query("SELECT pg_advisory_xact_lock(hashtext('steward:audit'))");
  const { rows } = await db.query(
    // The chain's head by the primary key: one index probe, however long the trail is.
    'SELECT (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) AS hash, clock_timestamp() AS now',
  );
  const head = z.object({ hash: z.string().nullable(), now: z.date() }).parse(rows[0]);
  const at = new Date(Math.floor(head.now.getTime())).toISOString();
  await db.query(
    `INSERT INTO audit_events (at, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
    [
      at,
      event.actorId,
      event.action,
      event.subjectType,
      event.subjectId,
      JSON.stringify(event.data),
      head.hash,
      auditHash(head.hash, event, at),
    ],
  );
}
