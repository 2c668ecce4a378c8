/**
 * The reasons a reviewer may give for a rejection: the console offers them on keys 1–9, and
 * `review.decide` refuses any other code. Fixed here so throughput and rejection figures group
 * by the same few codes.
 */
import { z } from 'zod';

/** Each reject reason, in the order of the console's keys 1–9. */
export const REJECT_REASONS = [
  { code: 'amount-mismatch', label: 'Amount does not match' },
  { code: 'duplicate', label: 'Duplicate' },
  { code: 'vendor-issue', label: 'Vendor or customer issue' },
  { code: 'missing-information', label: 'Missing information' },
  { code: 'wrong-data', label: 'Wrong data' },
  { code: 'policy', label: 'Against policy' },
  { code: 'suspicious', label: 'Suspicious' },
  { code: 'not-needed', label: 'Not needed' },
  { code: 'other', label: 'Other' },
] as const satisfies readonly { code: string; label: string }[];

/** A reject reason code, as `review.decide` accepts it. */
export type TRejectReasonCode = (typeof REJECT_REASONS)[number]['code'];

/** Whether `code` is one of the reject reasons the console offers. */
export function isRejectReasonCode(code: string): code is TRejectReasonCode {
  return REJECT_REASONS.some((reason) => reason.code === code);
}

/** One reject reason on the wire. */
export const ZRejectReasonSchema = z.object({ code: z.string(), label: z.string() });
