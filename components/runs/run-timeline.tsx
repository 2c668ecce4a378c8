'use client';

import { useQuery } from '@tanstack/react-query';
import { documentIdOf } from '@/components/documents/readings';
import { useTRPC } from '@/lib/trpc/react';
import { CancelRun } from './cancel-run';
import { RunDocumentSection } from './run-document-section';
import { RunStatusBadge } from './run-status-badge';
import {
  AuditSection,
  CompensationsSection,
  DeadLettersSection,
  ReplaysSection,
  ReviewSection,
  WritesSection,
} from './timeline-outcomes';
import { JsonValue, When } from './timeline-parts';
import { ModelCallsSection, PlanSection, StepsSection, ValidationSection } from './timeline-steps';

/** How often an unfinished run is asked for again, so it moves on screen by itself. */
const LIVE_REFETCH_MS = 2_000;

/**
 * One run as a timeline: the run, the document it was handed (if any, beside what was read
 * from it), its replays, the plan, the steps, the model calls, the validation, the review, the
 * writes, the compensations, the dead letters and the audit events. Live until the run is
 * finished for good.
 */
export function RunTimeline({ id, canCancel = false }: { id: string; canCancel?: boolean }) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.run.get.queryOptions(
      { id },
      {
        refetchInterval: (current) =>
          current.state.data?.run.isTerminal ? false : LIVE_REFETCH_MS,
      },
    ),
  );
  const timeline = query.data;
  if (!timeline) {
    return query.isError ? (
      <p role="alert" className="text-sm text-rose-700">
        {query.error.message}
      </p>
    ) : (
      <p className="text-sm text-slate-500">Loading…</p>
    );
  }
  const { run } = timeline;
  return (
    <article aria-label={`Run ${run.id}`} data-testid="run-timeline">
      <header className="mb-6 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <p className="flex flex-wrap items-center gap-3">
          <span data-testid="run-status" data-status={run.status}>
            <RunStatusBadge status={run.status} />
          </span>
          <span className="font-medium text-slate-900">
            {run.workflowTitle} <span className="text-slate-500">v{run.workflowVersion}</span>
          </span>
          <span className="text-slate-600">requested by {run.requester?.name ?? 'the system'}</span>
          <span className="text-slate-500">on the {run.engine} engine</span>
          {canCancel && !run.isTerminal ? <CancelRun runId={run.id} /> : null}
          {run.isTerminal ? null : (
            <span className="text-xs text-sky-700" aria-live="polite">
              live
            </span>
          )}
        </p>
        <p className="mt-1 text-slate-600">
          Created <When at={run.createdAt} />
          {run.finishedAt ? (
            <>
              , finished <When at={run.finishedAt} />
            </>
          ) : null}
        </p>
        {run.error ? (
          <p className="mt-1 text-rose-700">
            {run.error.errorClass}: {run.error.message}
          </p>
        ) : null}
        <JsonValue label="Input" value={run.input} />
        <JsonValue label="Output" value={run.output} />
      </header>
      {documentIdOf(run.input) === null ? null : (
        <RunDocumentSection runId={run.id} runStatus={run.status} isLive={!run.isTerminal} />
      )}
      <ol aria-label="Timeline" className="ml-1">
        <ReplaysSection timeline={timeline} />
        <PlanSection timeline={timeline} />
        <StepsSection timeline={timeline} />
        <ModelCallsSection timeline={timeline} />
        <ValidationSection timeline={timeline} />
        <ReviewSection timeline={timeline} />
        <WritesSection timeline={timeline} />
        <CompensationsSection timeline={timeline} />
        <DeadLettersSection timeline={timeline} />
        <AuditSection timeline={timeline} />
      </ol>
    </article>
  );
}
