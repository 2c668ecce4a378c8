import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../engine/store.ts';
import type { JsonValue } from '../engine/types.ts';

/** One change to record: who, what, to which subject, with what details. */
export interface AuditEventInput {
  /** The user who acted; null for the system (workers, schedulers). */
  actorId: string | null;
  /** What happened, `<subject>.<verb>`: `run.started`, `run.replayed`, `dead_letter.discarded`. */
  action: string;
  /** The kind of thing changed: `run`, `review_item`, `dead_letter`. */
  subjectType: string;
  /** Its id, as text. */
  subjectId: string;
  /** What a reader of the trail needs to understand the change; a JSON object. */
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

/**
 * The hash of an event chained to the previous one's: sha256 over the canonical JSON of the
 * previous hash, the time (`at` as a millisecond ISO string in UTC) and the event. Append and
 * `verifyAuditChain` both use it, so they cannot disagree on what an event's hash covers.
 */
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

const ZHeadSchema = z.object({
  hash: z.string().nullable(),
  now: z.date(),
  actorIds: z.array(z.string().nullable()),
  isolation: z.string(),
});

/**
 * Appends an event to the hash-chained audit trail. Call it inside the transaction that makes the
 * change, so the change and its record commit together; a transaction-scoped advisory lock
 * serialises appends so the chain has no forks. The transaction must be READ COMMITTED (the
 * default): only then does the head read after the lock see the append committed just before.
 */
export async function appendAuditEvent(db: Queryable, input: AuditEventInput): Promise<void> {
  await appendAuditEvents(db, [input]);
}

/**
 * Appends several events, in order, with one lock, one read of the chain's head and one insert:
 * what a batch of changes made in one transaction uses. Same rules as appendAuditEvent.
 */
export async function appendAuditEvents(
  db: Queryable,
  inputs: readonly AuditEventInput[],
): Promise<void> {
  if (inputs.length === 0) return;
  // Hash what the database will hand back to `audit verify`: the data as JSON text (a key whose
  // value is undefined is dropped, as jsonb drops it) and the actor as PostgreSQL spells a uuid.
  const texts = inputs.map((input) => JSON.stringify(input.data ?? {}));
  await db.query("SELECT pg_advisory_xact_lock(hashtext('steward:audit'))");
  const { rows } = await db.query(
    // The chain's head by the primary key: one index probe, however long the trail is.
    `SELECT (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) AS hash,
            clock_timestamp() AS now, array(SELECT a::text FROM unnest($1::uuid[]) AS a) AS "actorIds",
            current_setting('transaction_isolation') AS isolation`,
    [inputs.map((input) => input.actorId)],
  );
  const head = ZHeadSchema.parse(rows[0]);
  if (head.isolation !== 'read committed') {
    // A snapshot taken before the lock was granted may miss the head another append committed
    // while this one waited, and the chain would fork.
    throw new Error(
      `appendAuditEvent needs a READ COMMITTED transaction, not ${head.isolation.toUpperCase()}`,
    );
  }
  const at = new Date(Math.floor(head.now.getTime())).toISOString();
  let prevHash = head.hash;
  const records = inputs.map((input, index) => {
    const dataText = texts[index] ?? '{}';
    const data: { [key: string]: JsonValue } = JSON.parse(dataText);
    const event = { ...input, actorId: head.actorIds[index] ?? null, data };
    const hash = auditHash(prevHash, event, at);
    const record = {
      actor_id: event.actorId,
      action: event.action,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      data,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return record;
  });
  await db.query(
    `INSERT INTO audit_events (at, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
     SELECT $1, r.actor_id, r.action, r.subject_type, r.subject_id, r.data, r.prev_hash, r.hash
     FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (actor_id uuid, action text,
       subject_type text, subject_id text, data jsonb, prev_hash text, hash text))
       WITH ORDINALITY AS r(actor_id, action, subject_type, subject_id, data, prev_hash, hash, ord)
     ORDER BY ord`,
    [at, JSON.stringify(records)],
  );
}
