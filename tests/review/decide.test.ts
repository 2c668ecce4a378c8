import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/app-error.ts';
import { decideReviewItems, type TDecideReviewItemsParams } from '../../server/review/decide.ts';
import { hashWrites } from '../../server/review/open-review-item.ts';
import { pool, testWorker, waitForRun } from '../engine/support.ts';
import {
  auditOf,
  decidedEventsOf,
  insertUser,
  itemRow,
  openItemDirectly,
  PROPOSED_WRITES,
  recordingDispatch,
  registry,
  requestPayment,
  reviewItemOf,
} from './support.ts';

const people = { requester: '', reviewer: '', second: '' };
beforeAll(async () => {
  people.requester = await insertUser('rita', 'requester');
  people.reviewer = await insertUser('vera');
  people.second = await insertUser('sam');
});

/** A run that has opened its review item and waits for it, with the item's id. */
async function waitingRun() {
  testWorker(registry);
  const runId = await requestPayment(people.requester);
  return { runId, reviewItemId: await reviewItemOf(runId) };
}

/** The error `work` rejects with. */
async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('decideReviewItems', () => {
  it('records the decision and its audit event, and the waiting run resumes with the verdict', async () => {
    const { runId, reviewItemId } = await waitingRun();
    const { sent, dispatch } = recordingDispatch();

    const results = await decideReviewItems(pool, dispatch, {
      actorId: people.reviewer,
      decisions: [
        { reviewItemId, verdict: 'approved', note: 'Matches the PO.', timeOnItemMs: 4200 },
      ],
    });

    expect(results).toEqual([{ reviewItemId, ok: true, status: 'approved' }]);
    const writesHash = hashWrites(PROPOSED_WRITES);
    expect(await itemRow(reviewItemId)).toEqual({
      status: 'approved',
      decided_by_id: people.reviewer,
      is_decided: true,
      reason_code: null,
      note: 'Matches the PO.',
      time_on_item_ms: 4200,
      writes_hash: writesHash,
    });
    expect(await auditOf(reviewItemId)).toEqual([
      {
        actor_id: people.reviewer,
        action: 'review.decided',
        data: { runId, verdict: 'approved', reasonCode: null, writesHash },
      },
    ]);
    const run = await waitForRun(runId, ['succeeded']);
    expect(run.output).toEqual({
      reviewItemId,
      decision: {
        reviewItemId,
        verdict: 'approved',
        reasonCode: null,
        note: 'Matches the PO.',
        writesHash,
        decidedById: people.reviewer,
      },
    });
    expect(sent).toEqual([]); // an embedded run: nothing goes to Inngest
  });

  it('hands a rejection and its reason code to the run', async () => {
    const { runId, reviewItemId } = await waitingRun();
    const results = await decideReviewItems(pool, recordingDispatch().dispatch, {
      actorId: people.reviewer,
      decisions: [{ reviewItemId, verdict: 'rejected', reasonCode: 'WRONG_AMOUNT' }],
    });

    expect(results).toEqual([{ reviewItemId, ok: true, status: 'rejected' }]);
    expect(await itemRow(reviewItemId)).toMatchObject({
      status: 'rejected',
      reason_code: 'WRONG_AMOUNT',
    });
    const run = await waitForRun(runId, ['succeeded']);
    expect(run.output).toMatchObject({
      decision: { verdict: 'rejected', reasonCode: 'WRONG_AMOUNT' },
    });
  });

  it('refuses a second decision with DECISION_CONFLICT and changes nothing', async () => {
    const runId = await requestPayment(people.requester);
    const reviewItemId = await openItemDirectly(runId);
    const { dispatch } = recordingDispatch();
    await decideReviewItems(pool, dispatch, {
      actorId: people.reviewer,
      decisions: [{ reviewItemId, verdict: 'approved' }],
    });
    const before = await itemRow(reviewItemId);

    const results = await decideReviewItems(pool, dispatch, {
      actorId: people.second,
      decisions: [{ reviewItemId, verdict: 'rejected', reasonCode: 'DUPLICATE' }],
    });

    expect(results).toEqual([
      {
        reviewItemId,
        ok: false,
        code: 'DECISION_CONFLICT',
        message: 'It was already approved; your decision was not recorded.',
      },
    ]);
    expect(await itemRow(reviewItemId)).toEqual(before);
    expect(await auditOf(reviewItemId)).toHaveLength(1);
    expect(await decidedEventsOf(reviewItemId)).toHaveLength(1);
  });

  it('refuses the requester of the run with FORBIDDEN (four-eyes) and changes nothing; the system may decide', async () => {
    const { runId, reviewItemId } = await waitingRun();
    const { dispatch } = recordingDispatch();

    const results = await decideReviewItems(pool, dispatch, {
      actorId: people.requester,
      decisions: [{ reviewItemId, verdict: 'approved' }],
    });

    expect(results).toEqual([
      {
        reviewItemId,
        ok: false,
        code: 'FORBIDDEN',
        message: 'You requested this run, so someone else must decide its review item.',
      },
    ]);
    expect(await itemRow(reviewItemId)).toMatchObject({ status: 'pending', decided_by_id: null });
    expect(await auditOf(reviewItemId)).toEqual([]);
    expect(await decidedEventsOf(reviewItemId)).toEqual([]);
    expect((await waitForRun(runId, ['needs_review'])).status).toBe('needs_review');

    const bySystem = await decideReviewItems(pool, dispatch, {
      actorId: null,
      decisions: [{ reviewItemId, verdict: 'approved' }],
    });
    expect(bySystem).toEqual([{ reviewItemId, ok: true, status: 'approved' }]);
    expect(await auditOf(reviewItemId)).toMatchObject([{ actor_id: null }]);
    expect((await waitForRun(runId, ['succeeded'])).output).toMatchObject({
      decision: { decidedById: null },
    });
  });

  it('answers a mixed batch per item, in order, and applies only the decisions that may be made', async () => {
    const items: string[] = [];
    for (let i = 0; i < 3; i++) {
      items.push(await openItemDirectly(await requestPayment(people.requester)));
    }
    const [first, decidedBefore, last] = items;
    if (!first || !decidedBefore || !last) throw new Error('three items expected');
    const { dispatch } = recordingDispatch();
    await decideReviewItems(pool, dispatch, {
      actorId: people.second,
      decisions: [{ reviewItemId: decidedBefore, verdict: 'rejected', reasonCode: 'FRAUD' }],
    });
    const unknown = crypto.randomUUID();

    const results = await decideReviewItems(pool, dispatch, {
      actorId: people.reviewer,
      decisions: [
        { reviewItemId: first, verdict: 'approved' },
        { reviewItemId: decidedBefore, verdict: 'approved' },
        { reviewItemId: unknown, verdict: 'approved' },
        { reviewItemId: 'not-an-id', verdict: 'approved' },
        { reviewItemId: last, verdict: 'rejected', reasonCode: 'WRONG_VENDOR' },
        { reviewItemId: first, verdict: 'rejected', reasonCode: 'CHANGED_MY_MIND' },
      ],
    });

    expect(
      results.map((result) => [result.reviewItemId, result.ok ? result.status : result.code]),
    ).toEqual([
      [first, 'approved'],
      [decidedBefore, 'DECISION_CONFLICT'],
      [unknown, 'NOT_FOUND'],
      ['not-an-id', 'NOT_FOUND'],
      [last, 'rejected'],
      [first, 'DECISION_CONFLICT'], // the first decision on an item in a request counts
    ]);
    expect(await itemRow(first)).toMatchObject({
      status: 'approved',
      decided_by_id: people.reviewer,
    });
    expect(await itemRow(decidedBefore)).toMatchObject({
      status: 'rejected',
      decided_by_id: people.second,
      reason_code: 'FRAUD',
    });
    expect(await itemRow(last)).toMatchObject({ status: 'rejected', reason_code: 'WRONG_VENDOR' });
    expect(await auditOf(decidedBefore)).toHaveLength(1);
  });

  it.each([
    ['a rejection without a reason code', { reviewItemId: '', verdict: 'rejected' }],
    [
      'a note over 2000 characters',
      { reviewItemId: '', verdict: 'approved', note: 'x'.repeat(2001) },
    ],
    ['an unknown verdict', { reviewItemId: '', verdict: 'maybe' }],
    ['a negative time on item', { reviewItemId: '', verdict: 'approved', timeOnItemMs: -1 }],
  ])('refuses a request with %s as one BAD_INPUT and changes nothing', async (_, bad) => {
    const reviewItemId = await openItemDirectly(await requestPayment(people.requester));
    // What an untyped caller (a form, a script) may send.
    const request: unknown = {
      actorId: people.reviewer,
      decisions: [
        { reviewItemId, verdict: 'approved' },
        { ...bad, reviewItemId },
      ],
    };
    const error = await rejection(
      decideReviewItems(pool, recordingDispatch().dispatch, request as TDecideReviewItemsParams),
    );

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'BAD_INPUT' });
    expect(await itemRow(reviewItemId)).toMatchObject({ status: 'pending' });
    expect(await auditOf(reviewItemId)).toEqual([]);
  });

  it('refuses more than 1000 decisions, none, or an actor who does not exist, as BAD_INPUT', async () => {
    const reviewItemId = await openItemDirectly(await requestPayment(people.requester));
    const { dispatch } = recordingDispatch();
    const decision = { reviewItemId, verdict: 'approved' as const };
    const requests = [
      { actorId: people.reviewer, decisions: Array.from({ length: 1001 }, () => decision) },
      { actorId: people.reviewer, decisions: [] },
      { actorId: crypto.randomUUID(), decisions: [decision] },
    ];
    for (const request of requests) {
      const error = await rejection(decideReviewItems(pool, dispatch, request));
      expect(error).toMatchObject({ code: 'BAD_INPUT' });
    }
    expect(await itemRow(reviewItemId)).toMatchObject({ status: 'pending' });
  });

  it('forwards a decision on an Inngest run to Inngest under its event id', async () => {
    const runId = await requestPayment(people.requester, 'inngest');
    const reviewItemId = await openItemDirectly(runId);
    const { sent, dispatch } = recordingDispatch();

    const results = await decideReviewItems(pool, dispatch, {
      actorId: people.reviewer,
      decisions: [{ reviewItemId, verdict: 'approved' }],
    });

    expect(results).toEqual([{ reviewItemId, ok: true, status: 'approved' }]);
    const [event] = await decidedEventsOf(reviewItemId);
    expect(sent).toEqual([
      { id: event?.id, name: 'steward/event.review.decided', data: event?.data },
    ]);
  });

  it('keeps a decision on an Inngest run when Inngest is down, and says so', async () => {
    const reviewItemId = await openItemDirectly(await requestPayment(people.requester, 'inngest'));

    const [result] = await decideReviewItems(pool, recordingDispatch({ isDown: true }).dispatch, {
      actorId: people.reviewer,
      decisions: [{ reviewItemId, verdict: 'approved' }],
    });

    expect(result).toMatchObject({ ok: true, status: 'approved', warning: expect.any(String) });
    expect(await itemRow(reviewItemId)).toMatchObject({ status: 'approved' });
  });

  it('decides a batch of 1000 items, each woken run queued with its decision', async () => {
    // 1000 embedded runs waiting as needs_review, each for its own item, their waits recorded as
    // the engine records them (no worker runs them).
    const { rows } = await pool.query(
      `WITH run AS (
         INSERT INTO runs (workflow_id, workflow_version, status, input, requested_by_id, run_after)
         SELECT 'approve-payment', 1, 'needs_review', '{}'::jsonb, $1, now() + interval '1 hour'
         FROM generate_series(1, 1000)
         RETURNING id
       ), item AS (
         INSERT INTO review_items (run_id, step_id, risk, reasons, proposed_writes, writes_hash)
         SELECT id, 'gate', 'low', '[]'::jsonb, '[]'::jsonb, 'h' FROM run
         RETURNING id, run_id
       ), wait AS (
         INSERT INTO step_checkpoints (run_id, step_id, kind, status, wait_event, wait_match,
           wait_key, wake_at)
         SELECT run_id, 'gate.decision', 'wait', 'waiting', 'review.decided', match,
           (steward_match_keys(match))[1], now() + interval '1 hour'
         FROM item, LATERAL (SELECT jsonb_build_object('reviewItemId', id) AS match) m
       )
       SELECT id FROM item`,
      [people.requester],
    );
    const ids = rows.map((row: { id: string }) => row.id);
    await pool.query('ANALYZE runs, step_checkpoints, review_items'); // as autovacuum would

    const results = await decideReviewItems(pool, recordingDispatch().dispatch, {
      actorId: people.reviewer,
      decisions: ids.map((reviewItemId) => ({ reviewItemId, verdict: 'approved' as const })),
    });

    expect(results.filter((result) => result.ok)).toHaveLength(1000);
    const { rows: counts } = await pool.query(
      `SELECT
         (SELECT count(*)::int FROM review_items WHERE id = ANY($1::uuid[]) AND status = 'approved') AS approved,
         (SELECT count(*)::int FROM audit_events WHERE action = 'review.decided' AND subject_id = ANY($1::text[])) AS audited,
         (SELECT count(*)::int FROM runs r JOIN review_items i ON i.run_id = r.id
          WHERE i.id = ANY($1::uuid[]) AND r.status = 'queued') AS queued,
         (SELECT count(*)::int FROM step_checkpoints c JOIN review_items i ON i.run_id = c.run_id
          WHERE i.id = ANY($1::uuid[]) AND c.status = 'succeeded'
            AND c.output->'data'->>'reviewItemId' = i.id::text) AS delivered`,
      [ids],
    );
    expect(counts[0]).toEqual({ approved: 1000, audited: 1000, queued: 1000, delivered: 1000 });
  });
});
