/**
 * The review gate: a person approves exactly the writes a run proposes. The run opens a review
 * item (reasons, risk, the proposed writes and their hash) and waits, as `needs_review`, for the
 * decision. An approval applies only if the item in the database is approved for the same hash
 * AND the writes, proposed again against the systems of record as they are now, still have that
 * hash; otherwise the item is superseded and a new one opened. Nobody deciding in time escalates
 * or expires the item, as the workflow's review policy says.
 */
import type { Queryable } from '../engine/store.ts';
import type { StepApi } from '../engine/types.ts';
import { expireReviewItem, supersedeReviewItem } from '../review/decide.ts';
import {
  hashWrites,
  openReviewItem,
  REVIEW_DECIDED_EVENT,
  type ReviewReason,
  type ReviewSummary,
} from '../review/open-review-item.ts';
import type { ProposedWrite, ReviewPolicy, TRisk } from '../validation/gate.ts';

export type ReviewOutcome =
  | {
      verdict: 'approved';
      reviewItemId: string;
      writes: ProposedWrite[];
      decidedById: string | null;
    }
  | {
      verdict: 'rejected';
      reviewItemId: string;
      reasonCode: string | null;
      note: string | null;
      decidedById: string | null;
    }
  | { verdict: 'expired'; reviewItemId: string }
  /** The reviewer corrected what the run's document says: the writes must be proposed again. */
  | {
      verdict: 'corrected';
      reviewItemId: string;
      corrections: Record<string, string | number | null>;
      decidedById: string | null;
    };

interface Decision {
  verdict: string;
  reasonCode: string | null;
  note: string | null;
  decidedById: string | null;
  corrections: Record<string, string | number | null>;
}

function decisionOf(data: unknown): Decision {
  const record = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const text = (key: string) => (typeof record[key] === 'string' ? record[key] : null);
  return {
    verdict: text('verdict') ?? 'unknown',
    reasonCode: text('reasonCode'),
    note: text('note'),
    decidedById: text('decidedById'),
    corrections: correctionsOf(record.corrections),
  };
}

/** The corrections a `review.decided` event carries (field → value), anything else dropped. */
export function correctionsOf(value: unknown): Record<string, string | number | null> {
  const corrections: Record<string, string | number | null> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return corrections;
  for (const [field, given] of Object.entries(value)) {
    if (typeof given === 'string' || typeof given === 'number' || given === null) {
      corrections[field] = given;
    }
  }
  return corrections;
}

/** The item as the database holds it: the decision that counts is the row's, not the event's. */
async function itemState(db: Queryable, reviewItemId: string) {
  const { rows } = await db.query('SELECT status, writes_hash FROM review_items WHERE id = $1', [
    reviewItemId,
  ]);
  const row = rows[0] as { status?: unknown; writes_hash?: unknown } | undefined;
  return { status: String(row?.status ?? 'missing'), writesHash: String(row?.writes_hash ?? '') };
}

export interface ReviewRequest {
  db: Queryable;
  risk: TRisk;
  reasons: ReviewReason[];
  writes: ProposedWrite[];
  summary: ReviewSummary;
  policy: ReviewPolicy;
  /** The writes proposed again, against the systems of record as they are now. */
  proposeAgain(): Promise<ProposedWrite[]>;
}

/** Waits for a person to approve the writes as proposed, to reject them, or for the time to run out. */
export async function reviewWrites(step: StepApi, request: ReviewRequest): Promise<ReviewOutcome> {
  let writes = request.writes;
  let reasons = request.reasons;
  for (let round = 1; ; round += 1) {
    const id = `review-${round}`;
    const proposal = writes;
    const reviewItemId = await step.run(
      id,
      (context) =>
        openReviewItem(request.db, {
          runId: context.runId,
          stepId: context.stepId,
          risk: request.risk,
          reasons,
          proposedWrites: proposal,
          summary: request.summary,
        }),
      { kind: 'gate' },
    );
    const wait = (stepId: string, timeout: ReviewPolicy['timeout']) =>
      step.waitForEvent(stepId, {
        event: REVIEW_DECIDED_EVENT,
        match: { reviewItemId },
        timeout,
        status: 'needs_review',
      });
    let event = await wait(`${id}.decision`, request.policy.timeout);
    if (!event && request.policy.onTimeout === 'escalate') {
      await step.run(
        `${id}.escalate`,
        () => expireReviewItem(request.db, reviewItemId, 'escalated'),
        {
          kind: 'gate',
        },
      );
      event = await wait(
        `${id}.escalated`,
        request.policy.escalationTimeout ?? request.policy.timeout,
      );
    }
    if (!event) {
      await step.run(`${id}.expire`, () => expireReviewItem(request.db, reviewItemId, 'expired'), {
        kind: 'gate',
      });
      return { verdict: 'expired', reviewItemId };
    }
    const decision = decisionOf(event.data);
    if (decision.verdict === 'corrected') {
      const { corrections, decidedById } = decision;
      return { verdict: 'corrected', reviewItemId, corrections, decidedById };
    }
    if (decision.verdict === 'rejected') {
      const { reasonCode, note, decidedById } = decision;
      return { verdict: 'rejected', reviewItemId, reasonCode, note, decidedById };
    }
    // An approval: of this item, for these writes, and they are still what would be written.
    const check = await step.run(
      `${id}.recheck`,
      async () => {
        const state = await itemState(request.db, reviewItemId);
        const fresh = await request.proposeAgain();
        return {
          approved: state.status === 'approved',
          sameHash:
            state.writesHash === hashWrites(proposal) && hashWrites(fresh) === hashWrites(proposal),
          fresh,
        };
      },
      { kind: 'gate' },
    );
    if (check.approved && check.sameHash) {
      return {
        verdict: 'approved',
        reviewItemId,
        writes: proposal,
        decidedById: decision.decidedById,
      };
    }
    await step.run(`${id}.supersede`, () => supersedeReviewItem(request.db, reviewItemId), {
      kind: 'gate',
    });
    writes = check.fresh;
    reasons = [
      ...request.reasons,
      {
        code: 'writes-changed',
        message:
          'The approval no longer matched what would be written (the records changed since it was proposed); review the writes again.',
        source: 'gate',
      },
    ];
  }
}
