'use client';

import { useQuery } from '@tanstack/react-query';
import { documentIdOf } from '@/components/documents/readings';
import { useTRPC } from '@/lib/trpc/react';
import type { TCorrected } from './correction-form';
import { ReviewDocument } from './review-document';

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What the detail pane does with the document of a run that was handed one (`e` corrects it). */
export interface DocumentCorrection {
  isCorrecting: boolean;
  onStart(): void;
  onCancel(): void;
  onCorrected(result: TCorrected): void;
}

/**
 * The detail pane: the plan with each step's why, the step outputs, the rules that failed, the
 * planner's confidence, and the proposed writes as a diff against the systems of record; for a
 * run handed a document, the document with the evidence highlighted and its correction form.
 */
export function ReviewDetail({
  id,
  onClose,
  correction,
}: {
  id: string;
  onClose(): void;
  correction: DocumentCorrection;
}) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.review.get.queryOptions({ id }, { staleTime: 60_000 }));
  const data = detail.data;
  const documentId = data ? documentIdOf(data.run.input) : null;
  return (
    <aside
      aria-label="Item detail"
      data-testid="review-detail"
      className="max-h-[calc(100vh-12rem)] overflow-y-auto rounded-lg border border-slate-200 bg-white p-5 text-sm"
    >
      <div className="flex items-start justify-between gap-3">
        <h2 className="text-base font-semibold text-slate-900">
          {data ? data.item.summary.title || data.run.workflowTitle : 'Loading…'}
        </h2>
        <button type="button" onClick={onClose} className="text-xs text-slate-500 underline">
          Close (Esc)
        </button>
      </div>
      {data ? (
        <div className="mt-4 space-y-5">
          <section>
            <h3 className="font-medium text-slate-900">Why it is here</h3>
            <ul className="mt-1 list-disc pl-5 text-slate-700">
              {data.validation
                .filter((result) => !result.passed)
                .map((result) => (
                  <li key={result.rule}>
                    <span className="font-mono text-xs">{result.rule}</span> ({result.severity}):{' '}
                    {result.message}
                  </li>
                ))}
              {data.item.reasons
                .filter(
                  (reason) =>
                    !data.validation.some(
                      (result) => result.rule === reason.code && !result.passed,
                    ),
                )
                .map((reason) => (
                  <li key={reason.code}>
                    <span className="font-mono text-xs">{reason.code}</span>: {reason.message}
                  </li>
                ))}
            </ul>
          </section>
          {documentId ? (
            <ReviewDocument
              key={data.item.id}
              reviewItemId={data.item.id}
              runId={data.run.id}
              documentId={documentId}
              isCorrecting={correction.isCorrecting}
              onStartCorrecting={correction.onStart}
              onCancelCorrecting={correction.onCancel}
              onCorrected={correction.onCorrected}
            />
          ) : null}
          {data.item.summary.targets
            .filter((target) => !target.onSubject)
            .map((target) => (
              <p
                key={target.label}
                role="alert"
                className="rounded border border-red-300 bg-red-50 p-2 font-medium text-red-800"
              >
                Not this run's record: {target.label}
              </p>
            ))}
          <section>
            <h3 className="font-medium text-slate-900">Proposed writes</h3>
            {data.item.proposedWrites.length === 0 ? (
              <p className="text-slate-600">Nothing would be written.</p>
            ) : (
              data.item.proposedWrites.map((write) => (
                <div
                  key={write.stepId}
                  className="mt-2 rounded border border-slate-200 p-3"
                  data-testid="proposed-write"
                >
                  <div className="font-mono text-xs text-slate-600">{write.tool}</div>
                  <div className="text-slate-900">
                    {write.preview?.target ?? `After ${write.dependsOn.join(', ')}`}
                  </div>
                  {write.modelWritten.map((field) => (
                    <p
                      key={field}
                      className="mt-1 text-xs text-amber-800"
                      data-testid="model-written"
                    >
                      <span className="rounded bg-amber-100 px-1 font-medium">
                        {data.plan?.planner === 'offline'
                          ? 'Written by the offline planner'
                          : 'Model-written'}
                      </span>{' '}
                      <span className="font-mono">{field}</span>: {show(write.input[field])}
                    </p>
                  ))}
                  {write.filledOnApproval.map((field) => (
                    <p key={field} className="mt-1 text-xs text-slate-600">
                      <span className="font-mono">{field}</span>: filled with your name when you
                      approve
                    </p>
                  ))}
                  {write.preview ? (
                    <table className="mt-2 w-full text-xs">
                      <thead className="text-left text-slate-500">
                        <tr>
                          <th className="font-medium">Field</th>
                          <th className="font-medium">Now</th>
                          <th className="font-medium">After</th>
                        </tr>
                      </thead>
                      <tbody>
                        {write.preview.changes.map((change) => (
                          <tr key={change.field}>
                            <td className="font-mono">{change.field}</td>
                            <td className="text-red-700 line-through">{show(change.current)}</td>
                            <td className="text-emerald-700">{show(change.proposed)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : null}
                </div>
              ))
            )}
          </section>
          {data.plan ? (
            <section>
              <h3 className="font-medium text-slate-900">
                Plan by {data.plan.planner} · confidence {data.plan.confidence.toFixed(2)}
              </h3>
              <p className="text-slate-600">{data.plan.summary}</p>
              <ol className="mt-2 space-y-2">
                {data.plan.steps.map((planned) => {
                  const ran = data.steps.find((step) => step.stepId === `tool:${planned.id}`);
                  return (
                    <li key={planned.id} className="rounded border border-slate-100 p-2">
                      <div className="font-mono text-xs text-slate-600">
                        {planned.id} · {planned.tool} {ran ? `· ${ran.status}` : ''}
                      </div>
                      <div className="text-slate-800">{planned.why}</div>
                      {ran?.output !== undefined && ran.output !== null ? (
                        <details className="mt-1">
                          <summary className="cursor-pointer text-xs text-slate-500">
                            Output
                          </summary>
                          <pre className="mt-1 overflow-x-auto text-xs text-slate-700">
                            {JSON.stringify(ran.output, null, 2)}
                          </pre>
                        </details>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
            </section>
          ) : null}
        </div>
      ) : detail.error ? (
        <p role="alert" className="mt-4 text-red-700">
          {detail.error.message}
        </p>
      ) : null}
    </aside>
  );
}
