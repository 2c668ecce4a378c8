/**
 * Opening a review item: a run's step hands a decision to a person, with the reasons it was
 * flagged, its risk, and exactly the writes an approval would allow (and their hash). Opening is
 * idempotent per (run, step), so a step that runs again after a crash opens nothing twice.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../engine/store.ts';

/** Why a run was flagged, as a reviewer reads it. */
export interface ReviewReason {
  code: string;
  message: string;
  /** The rule, check or planner it comes from. */
  source: string;
}

export interface OpenReviewItem {
  runId: string;
  stepId: string;
  risk: 'low' | 'medium' | 'high';
  reasons: ReviewReason[];
  /** The writes an approval allows, each with its resolved input; empty when none are proposed. */
  proposedWrites: unknown[];
  expiresAt?: Date | null;
  /** What the console shows at a glance: a title and the key figures. */
  summary?: ReviewSummary;
}

/** An item at a glance: "INV-1042 from Acme GmbH", with "Invoice 1,200.00 EUR", "PO 1,000.00 EUR". */
export interface ReviewSummary {
  title: string;
  figures: { label: string; value: string }[];
  /**
   * The records the writes change, in words, and whether each is the run's subject; one that
   * is not is shown in red (the gate turns such runs down before a person sees them).
   */
  targets?: { label: string; onSubject: boolean }[];
}

/** A stable hash of the proposed writes: key order does not matter, anything else does. */
export function hashWrites(writes: readonly unknown[]): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(writes)))
    .digest('hex');
}

/** Opens the item (or finds the one this step opened before); returns its id. */
export async function openReviewItem(db: Queryable, item: OpenReviewItem): Promise<string> {
  const { rows } = await db.query(
    `WITH opened AS (
       INSERT INTO review_items (run_id, step_id, risk, reasons, proposed_writes, writes_hash, expires_at, summary)
       VALUES ($1, $2, $3::"Risk", $4::jsonb, $5::jsonb, $6, $7, $8::jsonb)
       ON CONFLICT (run_id, step_id) DO NOTHING
       RETURNING id)
     SELECT id FROM opened
     UNION ALL
     SELECT id FROM review_items WHERE run_id = $1 AND step_id = $2`,
    [
      item.runId,
      item.stepId,
      item.risk,
      JSON.stringify(item.reasons),
      JSON.stringify(item.proposedWrites),
      hashWrites(item.proposedWrites),
      item.expiresAt ?? null,
      JSON.stringify(item.summary ?? { title: '', figures: [] }),
    ],
  );
  const id: unknown = rows[0]?.id;
  if (typeof id !== 'string') throw new Error(`No review item for ${item.runId}/${item.stepId}`);
  return id;
}

/**
 * The engine event a decision on a review item sends; the run waiting for the item matches it
 * on `{ reviewItemId }`. Its data: reviewItemId, verdict, reasonCode, note, writesHash,
 * decidedById. (server/planner/plan-step.ts names the same event for the runs it hands to a person.)
 */
export const REVIEW_DECIDED_EVENT = 'review.decided';
