'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { DocumentView } from '@/components/documents/document-view';
import { latestReading, readingByline } from '@/components/documents/readings';
import { useTRPC } from '@/lib/trpc/react';
import { CorrectionForm, type TCorrected } from './correction-form';

/**
 * The document behind a review item, beside the fields of its latest reading with the evidence
 * highlighted; with `isCorrecting` the fields list becomes the correction form, and focusing an
 * input shows that field's evidence.
 */
export function ReviewDocument({
  reviewItemId,
  runId,
  documentId,
  isCorrecting,
  onStartCorrecting,
  onCancelCorrecting,
  onCorrected,
}: {
  reviewItemId: string;
  runId: string;
  documentId: string;
  isCorrecting: boolean;
  onStartCorrecting(): void;
  onCancelCorrecting(): void;
  onCorrected(result: TCorrected): void;
}) {
  const trpc = useTRPC();
  const query = useQuery(trpc.run.documents.queryOptions({ id: runId }, { staleTime: 10_000 }));
  const [chosen, setChosen] = useState<string | null>(null);
  const data = query.data;
  const document =
    data?.documents.find((candidate) => candidate.id === documentId) ?? data?.documents[0];
  const reading = data && document ? latestReading(data.readings, document.id) : undefined;
  // Nothing read yet (or nothing loaded): there are no fields to correct, so no form to wait for.
  const cannotCorrect = isCorrecting && !query.isPending && reading === undefined;
  useEffect(() => {
    if (cannotCorrect) onCancelCorrecting();
  }, [cannotCorrect, onCancelCorrecting]);
  if (!data) {
    return query.isError ? (
      <p role="alert" className="text-rose-700">
        The document could not be loaded: {query.error.message}
      </p>
    ) : (
      <p className="text-slate-500">Loading the document…</p>
    );
  }
  if (!document) return <p className="text-slate-500">The run's document is not stored.</p>;
  // Until the reviewer picks one, the field they most likely came for shows its evidence.
  const problem = reading?.fields.find(
    (field) => field.status === 'mismatch' || field.status === 'unproven',
  );
  const selected = chosen ?? problem?.field ?? null;
  return (
    <section aria-labelledby="review-document-heading" data-testid="review-document">
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
        <h3 id="review-document-heading" className="font-medium text-slate-900">
          Document
        </h3>
        {reading && !isCorrecting ? (
          <button
            type="button"
            onClick={onStartCorrecting}
            className="rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50"
          >
            Correct fields (E)
          </button>
        ) : null}
      </div>
      <p className="mb-2 text-xs text-slate-500">
        {reading ? readingByline(reading) : 'Not read yet.'}
      </p>
      <DocumentView
        document={document}
        fields={reading?.fields ?? []}
        selected={selected}
        onSelect={setChosen}
        aside={
          isCorrecting && reading ? (
            <CorrectionForm
              reviewItemId={reviewItemId}
              fields={reading.fields}
              onSelect={setChosen}
              onCancel={onCancelCorrecting}
              onCorrected={onCorrected}
            />
          ) : undefined
        }
      />
    </section>
  );
}
