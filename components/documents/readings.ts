import type { TRunDocuments } from '@/server/documents/run-documents';

export type TReading = TRunDocuments['readings'][number];

/** The document a run's input names (`documentId`), or null for a run of typed fields. */
export function documentIdOf(input: unknown): string | null {
  if (input === null || typeof input !== 'object' || !('documentId' in input)) return null;
  return typeof input.documentId === 'string' ? input.documentId : null;
}

/** The latest round of reading of a document: the model's (round 1) or after a person's. */
export function latestReading(
  readings: readonly TReading[],
  documentId: string,
): TReading | undefined {
  return readings
    .filter((reading) => reading.documentId === documentId)
    .reduce<TReading | undefined>(
      (latest, reading) =>
        latest === undefined || reading.round > latest.round ? reading : latest,
      undefined,
    );
}

/** Who read the round, in words. */
export function readingByline(reading: TReading): string {
  if (reading.round === 1) {
    return reading.provider
      ? `Read by ${reading.provider}`
      : 'No model read it: a person gives the fields';
  }
  return `Round ${reading.round}: after a person's corrections and confirmations`;
}
