/**
 * The gate's routing of a run handed a document, adjusted for what a document cannot decide on
 * its own.
 */
import type { DocumentEvidence } from '../documents/evidence.ts';
import type { GateDecision } from '../validation/gate.ts';

/**
 * - A document that does not match the record it names may name the wrong record: the run is
 *   never turned down with the workflow's safe action on that record (an innocent invoice held
 *   on a misread number); a person looks first.
 * - After a reviewer's correction (pass 2 and later) the writes proposed on the corrected values
 *   are theirs to approve: nothing is written on values a person changed without that person
 *   seeing what they lead to.
 */
export function gateForDocument(
  gate: GateDecision,
  run: { document: DocumentEvidence | null; proven: boolean; pass: number },
): GateDecision {
  if (run.document === null) return gate;
  const doubtful =
    gate.decision === 'reject' &&
    run.proven &&
    gate.reasons.some((reason) => reason.code.startsWith('document-'));
  if (doubtful) {
    return {
      ...gate,
      decision: 'review',
      reasons: [
        ...gate.reasons,
        {
          code: 'document-record',
          message:
            'The document does not match the record it names, so the record is not turned down on its word: a person decides.',
          source: 'document',
        },
      ],
    };
  }
  if (run.pass > 1 && gate.decision === 'auto') {
    return {
      ...gate,
      decision: 'review',
      risk: 'medium',
      reasons: [
        ...gate.reasons,
        {
          code: 'corrected',
          message:
            'A reviewer corrected what the document says: approve the writes proposed on the corrected values.',
          source: 'document',
        },
      ],
    };
  }
  return gate;
}
