/**
 * What a request to decide review items looks like, and what it answers: shared by the service
 * (server/review/decide.ts) and the API that calls it.
 */
import { z } from 'zod';
import type { TAppErrorCode } from '../app-error.ts';

/** The most decisions one request may carry. */
export const MAX_DECISIONS = 1000;

/** One verdict on one item; a rejection says why (`reasonCode`, from the console's picker). */
export const ZReviewDecisionSchema = z
  .object({
    reviewItemId: z.string().min(1).max(100),
    verdict: z.enum(['approved', 'rejected']),
    reasonCode: z.string().trim().min(1).max(100).optional(),
    note: z.string().max(2000).optional(),
    /** How long the reviewer looked at the item, for throughput figures. */
    timeOnItemMs: z.number().int().min(0).max(2_147_483_647).optional(),
  })
  .refine((decision) => decision.verdict !== 'rejected' || decision.reasonCode !== undefined, {
    message: 'A rejection needs a reason code.',
    path: ['reasonCode'],
  });
export type TReviewDecision = z.infer<typeof ZReviewDecisionSchema>;

/** A request to decide items: who decides (null: the system) and the decisions, in order. */
export const ZDecideReviewItemsSchema = z.object({
  actorId: z.uuid().nullable(),
  decisions: z.array(ZReviewDecisionSchema).min(1).max(MAX_DECISIONS),
});
export type TDecideReviewItemsParams = z.infer<typeof ZDecideReviewItemsSchema>;

/**
 * The answer for one item: decided (with its new status), or refused with an AppError code:
 * NOT_FOUND, DECISION_CONFLICT (no longer pending), FORBIDDEN (four-eyes). `warning` says when
 * the decision is recorded but its run, on Inngest, could not be told yet.
 */
export type TDecideResult =
  | { reviewItemId: string; ok: true; status: 'approved' | 'rejected'; warning?: string }
  | { reviewItemId: string; ok: false; code: TAppErrorCode; message: string };
