import { beforeAll, describe, expect, it } from 'vitest';
import {
  decideReviewItems,
  expireReviewItem,
  supersedeReviewItem,
} from '../../server/review/decide.ts';
import { pool } from '../engine/support.ts';
import {
  auditOf,
  insertUser,
  itemRow,
  openItemDirectly,
  recordingDispatch,
  requestPayment,
} from './support.ts';

let requester = '';
let reviewer = '';
beforeAll(async () => {
  requester = await insertUser('rita', 'requester');
  reviewer = await insertUser('vera');
});

async function pendingItem(): Promise<{ runId: string; reviewItemId: string }> {
  const runId = await requestPayment(requester);
  return { runId, reviewItemId: await openItemDirectly(runId) };
}

function decide(reviewItemId: string, verdict: 'approved' | 'rejected' = 'approved') {
  return decideReviewItems(pool, recordingDispatch().dispatch, {
    actorId: reviewer,
    decisions: [{ reviewItemId, verdict, reasonCode: verdict === 'rejected' ? 'NO' : undefined }],
  });
}

describe('expireReviewItem', () => {
  it('expires a pending item, audited, after which it cannot be decided', async () => {
    const { runId, reviewItemId } = await pendingItem();

    expect(await expireReviewItem(pool, reviewItemId, 'expired')).toEqual({
      isChanged: true,
      status: 'expired',
    });

    expect(await itemRow(reviewItemId)).toMatchObject({ status: 'expired', is_decided: false });
    expect(await auditOf(reviewItemId)).toEqual([
      {
        actor_id: null,
        action: 'review.expired',
        data: { runId, writesHash: (await itemRow(reviewItemId))?.writes_hash },
      },
    ]);
    expect(await decide(reviewItemId)).toMatchObject([
      { ok: false, code: 'DECISION_CONFLICT', message: expect.stringContaining('expired') },
    ]);
    expect(await expireReviewItem(pool, reviewItemId, 'expired')).toEqual({
      isChanged: false,
      status: 'expired',
    });
    expect(await auditOf(reviewItemId)).toHaveLength(1);
  });

  it('escalates a pending item, which stays decidable and may expire later', async () => {
    const escalated = await pendingItem();
    expect(await expireReviewItem(pool, escalated.reviewItemId, 'escalated')).toEqual({
      isChanged: true,
      status: 'escalated',
    });
    expect(await decide(escalated.reviewItemId, 'rejected')).toMatchObject([
      { ok: true, status: 'rejected' },
    ]);
    expect((await auditOf(escalated.reviewItemId)).map((event) => event.action)).toEqual([
      'review.escalated',
      'review.decided',
    ]);

    const unanswered = await pendingItem();
    await expireReviewItem(pool, unanswered.reviewItemId, 'escalated');
    expect(await expireReviewItem(pool, unanswered.reviewItemId, 'expired')).toEqual({
      isChanged: true,
      status: 'expired',
    });
  });

  it('leaves a decided item as it is', async () => {
    const { reviewItemId } = await pendingItem();
    await decide(reviewItemId);
    for (const status of ['expired', 'escalated'] as const) {
      expect(await expireReviewItem(pool, reviewItemId, status)).toEqual({
        isChanged: false,
        status: 'approved',
      });
    }
    expect(await itemRow(reviewItemId)).toMatchObject({ status: 'approved' });
    expect(await auditOf(reviewItemId)).toHaveLength(1);
  });

  it('refuses an unknown item with NOT_FOUND', async () => {
    for (const id of [crypto.randomUUID(), 'nope']) {
      await expect(expireReviewItem(pool, id, 'expired')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
  });

  it('runs inside the caller transaction when given a client', async () => {
    const { reviewItemId } = await pendingItem();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await expireReviewItem(client, reviewItemId, 'expired');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await itemRow(reviewItemId)).toMatchObject({ status: 'pending' });
    expect(await auditOf(reviewItemId)).toEqual([]);
  });
});

describe('supersedeReviewItem', () => {
  it('supersedes a pending or approved item, audited, and then refuses decisions on it', async () => {
    const pending = await pendingItem();
    const approved = await pendingItem();
    await decide(approved.reviewItemId);

    for (const { reviewItemId } of [pending, approved]) {
      expect(await supersedeReviewItem(pool, reviewItemId)).toEqual({
        isChanged: true,
        status: 'superseded',
      });
      expect(await itemRow(reviewItemId)).toMatchObject({ status: 'superseded' });
      expect((await auditOf(reviewItemId)).at(-1)).toMatchObject({
        actor_id: null,
        action: 'review.superseded',
      });
    }
    expect(await decide(pending.reviewItemId)).toMatchObject([
      { ok: false, code: 'DECISION_CONFLICT', message: expect.stringContaining('superseded') },
    ]);
    // The approval it had is kept on the row: who approved, when.
    expect(await itemRow(approved.reviewItemId)).toMatchObject({
      decided_by_id: reviewer,
      is_decided: true,
    });
  });

  it('leaves a rejected item as it is', async () => {
    const { reviewItemId } = await pendingItem();
    await decide(reviewItemId, 'rejected');
    expect(await supersedeReviewItem(pool, reviewItemId)).toEqual({
      isChanged: false,
      status: 'rejected',
    });
    expect(await auditOf(reviewItemId)).toHaveLength(1);
  });
});
