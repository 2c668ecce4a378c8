/** Errors of the ERP tools: refusals that retrying cannot change. */
import { NonRetriableError } from '../../engine/errors.ts';

/**
 * The record asked for does not exist in the system of record. The read tools throw it rather
 * than return `null`: a plan that names a vendor, PO or invoice expects it to exist, and a clear
 * failure is easier for a planner to reason about than a null it must remember to check. Tools
 * that search (erp.find-invoices-by-number) return an empty list instead.
 */
export class NotFoundInSystemError extends NonRetriableError {
  override name = 'NotFoundInSystemError';
}

/** The invoice's status does not allow the change asked for (e.g. approving a paid invoice). */
export class InvoiceStateError extends NonRetriableError {
  override name = 'InvoiceStateError';
}
