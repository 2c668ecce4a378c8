// Every state change leaves its audit event, written with the change: run started, cancelled,
// replayed, a dead letter discarded, a review decision, a sign-in, a role change. And four-eyes
// holds for an admin too.
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/verify-audit-chain.ts';
import { setUserRole } from '../../server/auth/users.ts';
import { cancelRun, discardDeadLetter, replayRun, startRun } from '../../server/engine/index.ts';
import { decideReviewItems } from '../../server/review/decide.ts';
import { pool, testWorker, waitForRun } from '../engine/support.ts';
import { recordingDispatch, registry, requestPayment, reviewItemOf } from '../review/support.ts';
import { signIn, testUser } from '../support/auth.ts';

async function actionsOn(subjectId: string) {
  const { rows } = await pool.query<{ action: string; actor_id: string | null }>(
    'SELECT action, actor_id FROM audit_events WHERE subject_id = $1 ORDER BY id',
    [subjectId],
  );
  return rows;
}

describe('the audit trail', () => {
  it('records each kind of change with its actor, and the chain stays intact', async () => {
    const admin = await testUser(pool, 'admin');
    const operator = await testUser(pool, 'operations');
    const requester = await testUser(pool, 'requester');
    const reviewer = await testUser(pool, 'reviewer');

    // Sign-in, and a role change.
    expect((await signIn(requester.email)).status).toBe(200);
    await setUserRole(pool, { actorId: admin.id, userId: reviewer.id, role: 'operations' });
    await setUserRole(pool, { actorId: admin.id, userId: reviewer.id, role: 'reviewer' });
    expect((await actionsOn(requester.id)).map((row) => row.action)).toEqual([
      'user.created',
      'user.signed_in',
    ]);
    expect(await actionsOn(reviewer.id)).toEqual([
      { action: 'user.created', actor_id: null },
      { action: 'user.role_changed', actor_id: admin.id },
      { action: 'user.role_changed', actor_id: admin.id },
    ]);

    // A run started, cancelled, replayed from the start, and the replay's dead letter discarded.
    const { runId } = await startRun(pool, registry, {
      workflowId: 'approve-payment',
      input: { invoiceId: 'INV-7' },
      requestedById: requester.id,
    });
    await cancelRun(pool, { runId, actorId: operator.id, reason: 'entered twice' });
    const replay = await replayRun(pool, registry, {
      runId,
      mode: 'from_start',
      actorId: operator.id,
    });
    expect((await actionsOn(runId)).map((row) => row.action)).toEqual([
      'run.started',
      'run.cancelled',
      'run.replay_requested',
    ]);
    // The replay died (set by hand here; the engine's own dead letters are tested elsewhere).
    await pool.query(`UPDATE runs SET status = 'dead' WHERE id = $1`, [replay.runId]);
    await pool.query(
      `INSERT INTO dead_letters (run_id, step_id, error_class, message, attempts, input, group_key)
       VALUES ($1, 'gate', 'Error', 'boom', 1, '{}', 'g')`,
      [replay.runId],
    );
    const { deadLetterId } = await discardDeadLetter(pool, {
      runId: replay.runId,
      reason: 'handled by phone',
      actorId: operator.id,
    });
    expect(await actionsOn(deadLetterId)).toEqual([
      { action: 'dead_letter.discarded', actor_id: operator.id },
    ]);

    // A review decision.
    testWorker(registry);
    const paymentRun = await requestPayment(requester.id);
    const reviewItemId = await reviewItemOf(paymentRun);
    const [decided] = await decideReviewItems(pool, recordingDispatch().dispatch, {
      actorId: reviewer.id,
      decisions: [{ reviewItemId, verdict: 'approved' }],
    });
    expect(decided).toMatchObject({ ok: true });
    expect(await actionsOn(reviewItemId)).toEqual([
      { action: 'review.decided', actor_id: reviewer.id },
    ]);
    await waitForRun(paymentRun, ['succeeded']);

    expect(await verifyAuditChain(pool)).toMatchObject({ ok: true });
  });

  it('keeps four-eyes for an admin who requested the run: refused, nothing changes', async () => {
    const admin = await testUser(pool, 'admin');
    testWorker(registry);
    const runId = await requestPayment(admin.id);
    const reviewItemId = await reviewItemOf(runId);
    const [result] = await decideReviewItems(pool, recordingDispatch().dispatch, {
      actorId: admin.id,
      decisions: [{ reviewItemId, verdict: 'approved' }],
    });
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await actionsOn(reviewItemId)).toEqual([]);
    const { rows } = await pool.query('SELECT status FROM review_items WHERE id = $1', [
      reviewItemId,
    ]);
    expect(rows[0].status).toBe('pending');
  });
});
