import { z } from 'zod';
import { REJECT_REASONS, ZRejectReasonSchema } from '../../../review/queue/reason-codes.ts';
import { procedureFor } from '../../trpc.ts';

/** `review.reasons`: the reject reasons the console offers on keys 1–9, in that order. */
export const listRejectReasonsProcedure = procedureFor('reviewer')
  .output(z.array(ZRejectReasonSchema))
  .query(() => REJECT_REASONS.map(({ code, label }) => ({ code, label })));
