'use client';

import Link from 'next/link';
import { MODE_LABELS, type TReplayMode } from './dialogs';

/** What came back from a replay or a discard, one entry per run. */
export type TActionResults =
  | {
      kind: 'replay';
      mode: TReplayMode;
      outcomes: (
        | { ok: true; originRunId: string; runId: string }
        | { ok: false; originRunId: string; code: string; message: string }
      )[];
    }
  | {
      kind: 'discard';
      outcomes: (
        | { ok: true; runId: string }
        | { ok: false; runId: string; code: string; message: string }
      )[];
    };

/** The result per run of the last replay or discard: the new run, or why it was refused. */
export function ActionResults({ results, onClose }: { results: TActionResults; onClose(): void }) {
  const done = results.outcomes.filter((outcome) => outcome.ok).length;
  const title =
    results.kind === 'replay'
      ? `Replayed ${done} of ${results.outcomes.length} ${MODE_LABELS[results.mode]}`
      : `Discarded ${done} of ${results.outcomes.length}`;
  return (
    <section
      aria-label={results.kind === 'replay' ? 'Replay results' : 'Discard results'}
      aria-live="polite"
      className="rounded-lg border border-slate-200 bg-white p-4 text-sm"
    >
      <div className="flex items-center justify-between">
        <h2 className="font-medium text-slate-900">{title}</h2>
        <button type="button" onClick={onClose} className="text-xs underline">
          Dismiss
        </button>
      </div>
      <ul className="mt-2 space-y-1">
        {results.kind === 'replay'
          ? results.outcomes.map((outcome) => (
              <li
                key={outcome.originRunId}
                data-testid="replay-result"
                data-origin={outcome.originRunId}
              >
                <span className="font-mono text-xs">{outcome.originRunId.slice(0, 8)}</span>{' '}
                {outcome.ok ? (
                  <>
                    {outcome.runId === outcome.originRunId ? 'resumed as ' : 'replayed as '}
                    <Link href={`/runs/${outcome.runId}`} className="font-mono text-xs underline">
                      {outcome.runId}
                    </Link>
                  </>
                ) : (
                  <span className="text-red-700">
                    refused ({outcome.code}): {outcome.message}
                  </span>
                )}
              </li>
            ))
          : results.outcomes.map((outcome) => (
              <li key={outcome.runId} data-testid="discard-result">
                <span className="font-mono text-xs">{outcome.runId.slice(0, 8)}</span>{' '}
                {outcome.ok ? (
                  'discarded'
                ) : (
                  <span className="text-red-700">
                    refused ({outcome.code}): {outcome.message}
                  </span>
                )}
              </li>
            ))}
      </ul>
    </section>
  );
}
