/**
 * Deciding review items, one or a batch of up to 1000 in one request, answered per item. Each
 * decision commits in its own transaction together with its audit event and the
 * `review.decided` engine event that wakes the run waiting for it: the decision and the run's
 * wake-up happen together or not at all. Runs on Inngest hear of it after the commit.
 */
import type pg from 'pg';
import { z } from 'zod';
import { toInngestEvent } from '../../inngest/events.ts';
import { AppError } from '../app-error.ts';
import { type AuditEventInput, appendAuditEvents } from '../audit/append-audit-event.ts';
import { recordEvent } from '../engine/runs.ts';
import type { Queryable } from '../engine/store.ts';
import type { JsonValue } from '../engine/types.ts';
import type { TEngineDispatch } from '../runs/request-run.ts';
import {
  DECIDABLE_STATUSES,
  type TReviewStatus,
  ZReviewStatusSchema,
} from './close-review-item.ts';
import {
  type TDecideResult,
  type TDecideReviewItemsParams,
  type TReviewDecision,
  ZDecideReviewItemsSchema,
} from './decision-schema.ts';
import { REVIEW_DECIDED_EVENT } from './open-review-item.ts';

export {
  expireReviewItem,
  supersedeReviewItem,
  type TCloseResult,
} from './close-review-item.ts';
export type {
  TDecideResult,
  TDecideReviewItemsParams,
  TReviewDecision,
} from './decision-schema.ts';

const ZLockedItemSchema = z.object({
  status: ZReviewStatusSchema,
  run_id: z.string(),
  writes_hash: z.string(),
  requested_by_id: z.string().nullable(),
  engine: z.enum(['embedded', 'inngest']),
  is_decided: z.boolean(),
});

/** Why an item that is not decidable cannot be decided, in words a reviewer understands. */
function conflictMessage(status: TReviewStatus): string {
  switch (status) {
    case 'approved':
    case 'rejected':
      return `It was already ${status}; your decision was not recorded.`;
    case 'expired':
      return 'It expired before anyone decided it; the run went on without a decision.';
    case 'superseded':
      return 'It was superseded: what it would write changed, and a new item shows the current writes.';
    case 'pending':
    case 'escalated':
      return 'It changed while your decision was recorded; reload and decide again.';
    default:
      return status satisfies never;
  }
}

interface TDecided {
  runId: string;
  engine: 'embedded' | 'inngest';
  eventId: string;
  eventData: { [key: string]: JsonValue };
  /** The decision's audit event, appended with the others of its transaction. */
  audit: AuditEventInput;
}

/**
 * Decides one item on `client`, inside the caller's transaction: locks the item with its run,
 * refuses it (AppError) when it is not decidable or the actor requested the run, else records
 * the decision and the engine event, and returns the audit event for the caller to append in
 * the same transaction.
 */
async function decideOne(
  client: Queryable,
  actorId: string | null,
  decision: TReviewDecision,
): Promise<TDecided> {
  const { reviewItemId } = decision;
  if (!z.uuid().safeParse(reviewItemId).success) {
    throw new AppError('NOT_FOUND', `There is no review item "${reviewItemId}".`);
  }
  // One statement: lock the item (FOR UPDATE, joined with its run) and, when it may be decided
  // by this actor, record the decision. What was locked says why not, when not.
  const { rows } = await client.query({
    name: 'steward_decide_review_item',
    text: `WITH item AS (
         SELECT ri.id, ri.status, ri.run_id, ri.writes_hash, r.requested_by_id, r.engine
         FROM review_items ri JOIN runs r ON r.id = ri.run_id
         WHERE ri.id = $1
         FOR UPDATE OF ri
       ), decided AS (
         UPDATE review_items t SET status = $2::"ReviewStatus", decided_by_id = $3,
           decided_at = now(), reason_code = $4, note = $5, time_on_item_ms = $6, updated_at = now()
         FROM item
         WHERE t.id = item.id AND item.status = ANY($7::"ReviewStatus"[])
           AND ($3::uuid IS NULL OR item.requested_by_id IS DISTINCT FROM $3::uuid)
         RETURNING t.id
       )
       SELECT item.status, item.run_id, item.writes_hash, item.requested_by_id, item.engine,
         EXISTS (SELECT 1 FROM decided) AS is_decided
       FROM item`,
    values: [
      reviewItemId,
      decision.verdict,
      actorId,
      decision.reasonCode ?? null,
      decision.note ?? null,
      decision.timeOnItemMs ?? null,
      DECIDABLE_STATUSES,
    ],
  });
  const item = ZLockedItemSchema.optional().parse(rows[0]);
  if (!item) throw new AppError('NOT_FOUND', `There is no review item "${reviewItemId}".`);
  if (!item.is_decided) {
    if (!(DECIDABLE_STATUSES as readonly string[]).includes(item.status)) {
      throw new AppError('DECISION_CONFLICT', conflictMessage(item.status));
    }
    throw new AppError(
      'FORBIDDEN',
      'You requested this run, so someone else must decide its review item.',
    );
  }
  const eventData = {
    reviewItemId,
    verdict: decision.verdict,
    reasonCode: decision.reasonCode ?? null,
    note: decision.note ?? null,
    writesHash: item.writes_hash,
    decidedById: actorId,
  };
  const { eventId } = await recordEvent(client, { name: REVIEW_DECIDED_EVENT, data: eventData });
  const audit: AuditEventInput = {
    actorId,
    action: 'review.decided',
    subjectType: 'review_item',
    subjectId: reviewItemId,
    data: {
      runId: item.run_id,
      verdict: decision.verdict,
      reasonCode: decision.reasonCode ?? null,
      writesHash: item.writes_hash,
    },
  };
  return { runId: item.run_id, engine: item.engine, eventId, eventData, audit };
}

/** Parses the whole request first: a malformed one is one BAD_INPUT error and changes nothing. */
function parseRequest(params: unknown): TDecideReviewItemsParams {
  const parsed = ZDecideReviewItemsSchema.safeParse(params);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`,
  );
  throw new AppError('BAD_INPUT', `The decisions are not valid: ${problems.join('; ')}`, {
    cause: parsed.error,
  });
}

/** Forwards the decisions on Inngest runs to Inngest, a few at a time; answers per item. */
async function forwardToInngest(
  forwards: { index: number; decided: TDecided }[],
  results: TDecideResult[],
  dispatch: Pick<TEngineDispatch, 'sendInngestEvent'>,
): Promise<void> {
  const CONCURRENCY = 16;
  for (let start = 0; start < forwards.length; start += CONCURRENCY) {
    await Promise.all(
      forwards.slice(start, start + CONCURRENCY).map(async ({ index, decided }) => {
        try {
          // Under the events row id: sending it again cannot wake the function twice.
          await dispatch.sendInngestEvent(
            toInngestEvent({
              id: decided.eventId,
              name: REVIEW_DECIDED_EVENT,
              data: decided.eventData,
            }),
          );
        } catch {
          const result = results[index];
          if (result?.ok) {
            result.warning =
              'The decision is recorded, but Inngest could not be told: the run continues only when its wait times out.';
          }
        }
      }),
    );
  }
}

/** How many connections one batch decides on at most. */
const LANES = 4;

/** The lane of an item: always the same one for the same id. */
function laneOf(reviewItemId: string, lanes: number): number {
  let hash = 0;
  for (let i = 0; i < reviewItemId.length; i++) hash = (hash * 31 + reviewItemId.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}

/** Items decided per transaction: one commit (one flush to disk) for a chunk, not per item. */
const CHUNK = 50;

/**
 * Decides the items at `indexes` in order on one connection, a chunk per transaction with a
 * savepoint per item: a refused item is rolled back to its savepoint alone, and an item counts
 * as decided only once its chunk committed.
 */
async function decideLane(
  pool: pg.Pool,
  actorId: string | null,
  indexes: number[],
  decisions: TReviewDecision[],
  report: (index: number, result: TDecideResult, decided?: TDecided) => void,
): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    for (let start = 0; start < indexes.length; start += CHUNK) {
      const committed: { index: number; result: TDecideResult; decided: TDecided }[] = [];
      await client.query('BEGIN');
      try {
        for (const index of indexes.slice(start, start + CHUNK)) {
          const decision = decisions[index];
          if (!decision) continue;
          const { reviewItemId } = decision;
          await client.query('SAVEPOINT decision');
          try {
            const decided = await decideOne(client, actorId, decision);
            await client.query('RELEASE SAVEPOINT decision');
            committed.push({
              index,
              result: { reviewItemId, ok: true, status: decision.verdict },
              decided,
            });
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            await client.query('ROLLBACK TO SAVEPOINT decision');
            report(index, { reviewItemId, ok: false, code: error.code, message: error.message });
          }
        }
        // One append for the chunk: the audit trail's lock is held only for this, at the end.
        await appendAuditEvents(
          client,
          committed.map(({ decided }) => decided.audit),
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
      for (const { index, result, decided } of committed) report(index, result, decided);
    }
  } catch (error) {
    // Decisions committed so far stay; the connection is not given back in an unknown state.
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Decides review items and answers per item, in the request's order. The request is validated
 * whole first (BAD_INPUT: nothing changes). Each item is then decided under its own savepoint
 * (chunks of items commit together, so a batch of 1,000 is a few dozen commits, not 1,000): an item that is not pending or escalated is a DECISION_CONFLICT, an item of a run the actor
 * requested is FORBIDDEN (nobody decides a review item of a run they requested; a null actor,
 * the system, may), an unknown id is NOT_FOUND; none of these stop the others. Every decision
 * commits with its audit event and the `review.decided` event that wakes the waiting run.
 * Decisions on runs of the Inngest engine (the run's, whatever `dispatch.engine` says now) are
 * then forwarded to Inngest with `dispatch.sendInngestEvent`.
 */
export async function decideReviewItems(
  pool: pg.Pool,
  dispatch: TEngineDispatch,
  params: TDecideReviewItemsParams,
): Promise<TDecideResult[]> {
  const { actorId, decisions } = parseRequest(params);
  if (actorId !== null) {
    const { rowCount } = await pool.query('SELECT 1 FROM users WHERE id = $1', [actorId]);
    if (rowCount !== 1) throw new AppError('BAD_INPUT', 'The deciding user does not exist.');
  }
  const results: TDecideResult[] = new Array(decisions.length);
  const forwards: { index: number; decided: TDecided }[] = [];
  // A few connections share the batch. The audit trail's lock serialises the end of each
  // transaction; locking, deciding and waking overlap. Decisions on one item share a lane, so
  // the first in the request is the one that counts.
  const lanes = Array.from({ length: Math.min(LANES, decisions.length) }, () => [] as number[]);
  decisions.forEach((decision, index) => {
    lanes[laneOf(decision.reviewItemId, lanes.length)]?.push(index);
  });
  await Promise.all(
    lanes.map((indexes) =>
      decideLane(pool, actorId, indexes, decisions, (index, result, decided) => {
        results[index] = result;
        if (decided?.engine === 'inngest') forwards.push({ index, decided });
      }),
    ),
  );
  await forwardToInngest(forwards, results, dispatch);
  return results;
}
