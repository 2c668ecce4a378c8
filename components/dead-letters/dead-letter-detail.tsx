'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/lib/trpc/react';
import type { TReplayMode } from './dialogs';

/** Field errors the server found in a corrected input, by field. */
export type TFieldErrors = Record<string, string[] | undefined>;

/** The run's input as the editor shows it. */
function pretty(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 2);
}

/**
 * The inspector: the error, the failed step's attempts, the stack and the input; replay in each
 * mode, the corrected-input editor (JSON, checked against the workflow's schema on the server;
 * `mod+Enter` submits) and discard.
 */
export function DeadLetterDetail(props: {
  runId: string;
  fieldErrors: TFieldErrors | null;
  formError: string | null;
  onReplay(mode: TReplayMode, input?: unknown): void;
  onDiscard(): void;
  onClose(): void;
}) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.deadLetter.get.queryOptions({ runId: props.runId }));
  const [text, setText] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const input = detail.data?.run.input;
  useEffect(() => {
    setText(pretty(input));
    setJsonError(null);
  }, [input]);

  const submitInput = () => {
    try {
      const parsed: unknown = JSON.parse(text);
      setJsonError(null);
      props.onReplay('with_input', parsed);
    } catch {
      setJsonError('This is not valid JSON.');
    }
  };

  if (!detail.data) {
    return (
      <aside aria-label="Dead letter" className="rounded-lg border border-slate-200 bg-white p-4">
        {detail.isError ? detail.error.message : 'Loading…'}
      </aside>
    );
  }
  const { deadLetter, failedStep, inputSchema } = detail.data;
  const fields =
    inputSchema && typeof inputSchema.properties === 'object' && inputSchema.properties
      ? Object.keys(inputSchema.properties)
      : [];
  const fieldErrors = Object.entries(props.fieldErrors ?? {}).filter(
    (entry): entry is [string, string[]] => (entry[1]?.length ?? 0) > 0,
  );
  return (
    <aside
      aria-label="Dead letter"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 text-sm"
    >
      <header className="flex items-start justify-between gap-2">
        <div>
          <h2 className="font-medium text-slate-900">
            {deadLetter.workflowTitle} ·{' '}
            <span className="font-mono text-xs">{deadLetter.stepId}</span>
          </h2>
          <p className="font-mono text-xs text-slate-500">run {deadLetter.runId}</p>
        </div>
        <button type="button" onClick={props.onClose} className="text-xs underline">
          Close (Esc)
        </button>
      </header>
      <section aria-label="Error">
        <p className="font-mono text-xs text-red-800">{deadLetter.errorClass}</p>
        <p data-testid="dead-letter-message">{deadLetter.message}</p>
        {deadLetter.stack ? (
          <details className="mt-1 text-xs">
            <summary>Stack</summary>
            <pre className="max-h-40 overflow-auto whitespace-pre-wrap">{deadLetter.stack}</pre>
          </details>
        ) : null}
      </section>
      <section aria-label="Attempts">
        <h3 className="text-xs font-medium text-slate-600">
          Attempts ({failedStep?.attemptCount ?? deadLetter.attempts})
        </h3>
        <ol className="mt-1 space-y-1 text-xs">
          {(failedStep?.attempts ?? []).map((attempt, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: attempts are append-only and ordered
            <li key={index}>
              #{attempt.attempt ?? index + 1} {attempt.startedAt ?? ''} —{' '}
              <span className="font-mono">{attempt.errorClass ?? 'ok'}</span>{' '}
              {attempt.message ?? ''}
            </li>
          ))}
        </ol>
      </section>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={() => props.onReplay('from_failed_step')}
          className="rounded bg-slate-900 px-2 py-1 text-xs text-white"
        >
          Replay from failed step
        </button>
        <button
          type="button"
          onClick={() => props.onReplay('from_start')}
          className="rounded bg-slate-900 px-2 py-1 text-xs text-white"
        >
          Replay from start
        </button>
        <button
          type="button"
          onClick={props.onDiscard}
          className="rounded bg-red-700 px-2 py-1 text-xs text-white"
        >
          Discard… (⇧D)
        </button>
      </div>
      <form
        aria-label="Corrected input"
        onSubmit={(event) => {
          event.preventDefault();
          submitInput();
        }}
      >
        <label className="flex flex-col text-xs text-slate-600">
          Input (JSON{fields.length > 0 ? `: ${fields.join(', ')}` : ''})
          <textarea
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
                event.preventDefault();
                submitInput();
              }
            }}
            rows={8}
            spellCheck={false}
            aria-invalid={jsonError !== null || fieldErrors.length > 0}
            aria-describedby="corrected-input-errors"
            className="mt-1 rounded-md border border-slate-300 px-2 py-1 font-mono text-xs text-slate-900"
          />
        </label>
        <div id="corrected-input-errors" role="alert" className="mt-1 text-xs text-red-700">
          {jsonError ? <p>{jsonError}</p> : null}
          {props.formError && fieldErrors.length === 0 ? <p>{props.formError}</p> : null}
          {fieldErrors.length > 0 ? (
            <ul>
              {fieldErrors.map(([field, messages]) => (
                <li key={field} data-testid="field-error">
                  {field}: {messages.join('; ')}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <button type="submit" className="mt-2 rounded bg-slate-900 px-2 py-1 text-xs text-white">
          Replay with this input (Ctrl+Enter)
        </button>
      </form>
    </aside>
  );
}
