import { z } from 'zod';
import type { Queryable } from '../engine/store.ts';
import type { JsonValue } from '../engine/types.ts';
import { auditHash } from './append-audit-event.ts';

/** How many events one query reads: a long trail is checked in pages, never loaded at once. */
const DEFAULT_BATCH_SIZE = 1000;
/** Below every id, so the first page starts at the beginning of the trail. */
const BEFORE_FIRST_ID = '-9223372036854775808';

/**
 * What is wrong with the first bad event:
 * - `broken-link`: its `prev_hash` is not the hash of the event before it (an event before it
 *   was removed or rewritten, or, for the first event, it has a predecessor that is gone);
 * - `hash-mismatch`: its own fields no longer hash to its `hash` (the event was edited);
 * - `malformed`: it holds what append never writes (data that is not a JSON object).
 */
export type TAuditChainProblem = 'broken-link' | 'hash-mismatch' | 'malformed';

/** The first event at which the chain does not hold, and what was expected there. */
export interface TBrokenAuditEvent {
  /** The event's id (a bigint, as text). */
  id: string;
  /** When the event says it happened, as stored (ISO, UTC, milliseconds). */
  at: string;
  action: string;
  subjectType: string;
  subjectId: string;
  problem: TAuditChainProblem;
  /** broken-link: the previous event's hash (null before the first); hash-mismatch: the hash recomputed from the fields. */
  expected: string | null;
  /** broken-link: the stored prev_hash; hash-mismatch: the stored hash; malformed: the bad value. */
  found: string | null;
}

/** The outcome of `verifyAuditChain`. `events` counts the events read, the broken one included. */
export type TAuditChainReport =
  | { ok: true; events: number; headHash: string | null }
  | { ok: false; events: number; firstBroken: TBrokenAuditEvent };

const ZJsonObjectSchema = z.record(z.string(), z.json());

const ZAuditRowSchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  data: z.json(),
  prevHash: z.string().nullable(),
  hash: z.string(),
});
type TAuditRow = z.infer<typeof ZAuditRowSchema>;

// `at` is formatted by PostgreSQL in UTC, exactly as append's `Date#toISOString()` wrote it, so
// neither the session's time zone nor a client-side date parser can change the hashed text.
const PAGE_SQL = `
  SELECT id::text AS id,
         to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
         actor_id::text AS "actorId", action, subject_type AS "subjectType",
         subject_id AS "subjectId", data, prev_hash AS "prevHash", hash
  FROM audit_events
  WHERE audit_events.id > $1::bigint
  ORDER BY audit_events.id -- the column, not the text alias above: '10' sorts before '9'
  LIMIT $2`;

function brokenAt(
  row: TAuditRow,
  problem: TAuditChainProblem,
  expected: string | null,
  found: string | null,
): TBrokenAuditEvent {
  const { id, at, action, subjectType, subjectId } = row;
  return { id, at, action, subjectType, subjectId, problem, expected, found };
}

/** The first thing wrong with `row` given the hash of the event before it, or null. */
function checkRow(row: TAuditRow, previousHash: string | null): TBrokenAuditEvent | null {
  if (row.prevHash !== previousHash)
    return brokenAt(row, 'broken-link', previousHash, row.prevHash);
  const data = ZJsonObjectSchema.safeParse(row.data);
  if (!data.success)
    return brokenAt(row, 'malformed', 'data as a JSON object', JSON.stringify(row.data));
  const eventData: { [key: string]: JsonValue } = data.data;
  const expected = auditHash(row.prevHash, { ...row, data: eventData }, row.at);
  return expected === row.hash ? null : brokenAt(row, 'hash-mismatch', expected, row.hash);
}

/**
 * Checks the audit trail from its first event to its head: each event's `prev_hash` must be the
 * hash of the event before it (null for the first) and its fields must hash, with the function
 * append uses, to its stored `hash`. Reads in pages by id, so a trail of millions of events takes
 * constant memory; events appended while it runs are checked too. Stops at the first bad event.
 *
 * The chain proves that nothing before the head was changed or removed; removing events from the
 * end, or the whole trail, leaves a shorter chain that holds. Compare `headHash` with one recorded
 * elsewhere to notice that.
 */
export async function verifyAuditChain(
  db: Queryable,
  { batchSize = DEFAULT_BATCH_SIZE }: { batchSize?: number } = {},
): Promise<TAuditChainReport> {
  let events = 0;
  let headHash: string | null = null;
  let afterId = BEFORE_FIRST_ID;
  for (;;) {
    const { rows } = await db.query(PAGE_SQL, [afterId, batchSize]);
    const page = z.array(ZAuditRowSchema).parse(rows);
    for (const row of page) {
      events += 1;
      const broken = checkRow(row, headHash);
      if (broken) return { ok: false, events, firstBroken: broken };
      headHash = row.hash;
      afterId = row.id;
    }
    if (page.length < batchSize) return { ok: true, events, headHash };
  }
}
