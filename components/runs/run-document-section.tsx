'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { DocumentCorrections } from '@/components/documents/document-corrections';
import { DocumentView } from '@/components/documents/document-view';
import { latestReading, readingByline } from '@/components/documents/readings';
import { useTRPC } from '@/lib/trpc/react';

/** How often a live run's documents are asked for again (a correction adds a round). */
const LIVE_REFETCH_MS = 3_000;

/**
 * The run's documents: each beside the fields of its latest reading with the evidence
 * highlighted, and the corrections reviewers made. Nothing for a run handed no document. Asked
 * again while the run is live, and once more whenever its status changes (a run that finishes
 * between two polls has read its document after the last one).
 */
export function RunDocumentSection({
  runId,
  runStatus,
  isLive,
}: {
  runId: string;
  runStatus: string;
  isLive: boolean;
}) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.run.documents.queryOptions(
      { id: runId },
      { refetchInterval: isLive ? LIVE_REFETCH_MS : false },
    ),
  );
  const { refetch } = query;
  const seenStatus = useRef(runStatus);
  useEffect(() => {
    if (seenStatus.current === runStatus) return;
    seenStatus.current = runStatus;
    void refetch();
  }, [runStatus, refetch]);
  const data = query.data;
  if (query.isError) {
    return (
      <p role="alert" className="mb-6 text-sm text-rose-700">
        The run's documents could not be loaded: {query.error.message}
      </p>
    );
  }
  if (!data || data.documents.length === 0) return null;
  const labels = new Map(
    data.readings.flatMap((reading) => reading.fields.map((field) => [field.field, field.label])),
  );
  return (
    <section
      aria-labelledby="run-document-heading"
      data-testid="run-document"
      className="mb-6 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="run-document-heading" className="text-base font-semibold text-slate-900">
        {data.documents.length === 1 ? 'Document' : 'Documents'}
      </h2>
      <div className="mt-3 space-y-6">
        {data.documents.map((document) => {
          const reading = latestReading(data.readings, document.id);
          return (
            <div key={document.id}>
              <p className="mb-2 text-sm text-slate-600" data-testid="document-reading">
                {reading ? readingByline(reading) : 'Not read yet.'}
              </p>
              <DocumentView document={document} fields={reading?.fields ?? []} />
            </div>
          );
        })}
      </div>
      <h3 className="mt-5 text-sm font-semibold text-slate-900">Corrections</h3>
      <div className="mt-1">
        <DocumentCorrections corrections={data.corrections} labels={labels} />
      </div>
    </section>
  );
}
