/**
 * The ways demo runs fail: two per example workflow, each a root-cause group of the dead-letter
 * queue (its key computed as the engine computes it), so the console has groups to work.
 */
import { deadLetterGroupKey } from '../engine/dead-letter-group.ts';

/** One failure of a demo run: the step it died in, and why. */
export interface TDemoFailure {
  /** 0 invoice-approval, 1 lead-enrichment, 2 address-change (the seed's `wf`). */
  wf: number;
  /** Which of the workflow's two failures (the seed's `variant`). */
  variant: number;
  workflowId: string;
  stepId: string;
  tool: string;
  errorClass: string;
  message: string;
  groupKey: string;
}

const FAILURES = [
  [
    0,
    0,
    'invoice-approval',
    'get-invoice',
    'erp.get-invoice',
    'TimeoutError',
    'The ERP did not answer within 10 s',
  ],
  [
    0,
    1,
    'invoice-approval',
    'approve-invoice',
    'erp.approve-invoice',
    'ConflictError',
    'The invoice was changed by another user',
  ],
  [
    1,
    0,
    'lead-enrichment',
    'lookup-company',
    'http.fetch',
    'HttpError',
    'The company directory answered 503 Service Unavailable',
  ],
  [
    1,
    1,
    'lead-enrichment',
    'upsert-account',
    'crm.upsert-account',
    'ValidationError',
    'The CRM refused the account: owner is not a CRM user',
  ],
  [
    2,
    0,
    'address-change',
    'update-shipping-address',
    'shipping.update-address',
    'TimeoutError',
    'The shipping system did not answer within 10 s',
  ],
  [
    2,
    1,
    'address-change',
    'update-billing-address',
    'billing.update-address',
    'PermanentError',
    'The billing account is closed',
  ],
] as const;

/** Every demo failure with its dead-letter group key. */
export function demoFailures(): TDemoFailure[] {
  return FAILURES.map(([wf, variant, workflowId, stepId, tool, errorClass, message]) => ({
    wf,
    variant,
    workflowId,
    stepId,
    tool,
    errorClass,
    message,
    groupKey: deadLetterGroupKey({ workflowId, stepId, errorClass, message }),
  }));
}
