/**
 * Deciding from the review console: the reject reasons are the console's fixed list, then the
 * decisions go to decideReviewItems (server/review/decide.ts), which records them per item.
 */
import type pg from 'pg';
import { AppError } from '../../app-error.ts';
import type { TEngineDispatch } from '../../runs/request-run.ts';
import { decideReviewItems, type TDecideResult, type TReviewDecision } from '../decide.ts';
import { isRejectReasonCode, REJECT_REASONS } from './reason-codes.ts';

/**
 * Decides the items as `actorId` and answers per item. decideReviewItems accepts any reason
 * code (workflows and tests give their own); the console may give only REJECT_REASONS, so a
 * rejection with another code refuses the whole request with BAD_INPUT before anything changes.
 */
export async function decideQueueItems(
  pool: pg.Pool,
  dispatch: TEngineDispatch,
  params: { actorId: string; decisions: TReviewDecision[] },
): Promise<TDecideResult[]> {
  const unknown = params.decisions.filter(
    (decision) =>
      decision.verdict === 'rejected' &&
      decision.reasonCode !== undefined &&
      !isRejectReasonCode(decision.reasonCode),
  );
  const first = unknown[0];
  if (first) {
    const offered = REJECT_REASONS.map((reason) => reason.code).join(', ');
    throw new AppError(
      'BAD_INPUT',
      `"${first.reasonCode}" is not a reject reason; use one of: ${offered}.`,
    );
  }
  return decideReviewItems(pool, dispatch, params);
}
