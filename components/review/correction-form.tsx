'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { GroundingBadge } from '@/components/documents/grounding-status';
import { useTRPC } from '@/lib/trpc/react';
import type { TGroundedField } from '@/server/tools/model/fields';
import { changedFields, fieldProblems, firstToCorrect, inputValue } from './correction-values';
import { keyLabel } from './keymap';

const isMac = () => typeof navigator === 'object' && /Mac|iPhone|iPad/.test(navigator.platform);

/** What review.correct answers. */
export interface TCorrected {
  runId: string;
  corrected: { field: string; label: string }[];
}

/**
 * `e` in the detail pane: the fields read from the document as inputs, focused on the first
 * that does not match or is unproven. Tab moves between them, `mod+Enter` sends only the changed
 * fields to review.correct, Escape cancels. The server's refusal shows inline, each named field
 * under its input.
 */
export function CorrectionForm({
  reviewItemId,
  fields,
  onSelect,
  onCancel,
  onCorrected,
}: {
  reviewItemId: string;
  fields: readonly TGroundedField[];
  onSelect(field: string): void;
  onCancel(): void;
  onCorrected(result: TCorrected): void;
}) {
  const trpc = useTRPC();
  const correct = useMutation(trpc.review.correct.mutationOptions());
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((field) => [field.field, inputValue(field)])),
  );
  const [message, setMessage] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus once, when the form opens
  useEffect(() => {
    const first = firstToCorrect(fields);
    if (!first) return;
    formRef.current
      ?.querySelector<HTMLInputElement>(`[name="${CSS.escape(first.field)}"]`)
      ?.focus();
  }, []);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (correct.isPending) return;
    const changed = changedFields(fields, values);
    if ('problems' in changed) {
      setProblems(changed.problems);
      setMessage('Some values are not what their fields take.');
      return;
    }
    if (Object.keys(changed.corrections).length === 0) {
      setProblems({});
      setMessage(
        'Nothing changed. Esc goes back; approving (a) confirms the fields as they are shown.',
      );
      return;
    }
    setMessage(null);
    setProblems({});
    try {
      const result = await correct.mutateAsync({
        reviewItemId,
        corrections: changed.corrections,
      });
      onCorrected(result);
    } catch (error) {
      const text = error instanceof Error ? error.message : 'The correction was not sent.';
      setMessage(text);
      setProblems(fieldProblems(text, fields));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form
      ref={formRef}
      aria-label="Correct the fields"
      data-testid="correction-form"
      noValidate
      onSubmit={(event) => void submit(event)}
      onKeyDown={onKeyDown}
      className="space-y-2"
    >
      {message ? (
        <p
          role="alert"
          data-testid="correction-error"
          className="rounded-md border border-rose-200 bg-rose-50 p-2 text-xs text-rose-800"
        >
          {message}
        </p>
      ) : null}
      {fields.map((field) => {
        const id = `correct-${field.field}`;
        const problem = problems[field.field];
        return (
          <div key={field.field} data-testid="correction-field" data-field={field.field}>
            <label
              htmlFor={id}
              className="flex items-center justify-between gap-2 text-xs font-medium text-slate-700"
            >
              <span>
                {field.label}
                {field.required ? null : <span className="font-normal"> (optional)</span>}
              </span>
              <GroundingBadge status={field.status} />
            </label>
            <input
              id={id}
              name={field.field}
              type={field.kind === 'amount' ? 'number' : 'text'}
              step={field.kind === 'amount' ? 'any' : undefined}
              inputMode={field.kind === 'amount' ? 'decimal' : undefined}
              autoComplete="off"
              spellCheck={false}
              value={values[field.field] ?? ''}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onFocus={() => onSelect(field.field)}
              onChange={(event) => {
                const next = event.target.value;
                setValues((current) => ({ ...current, [field.field]: next }));
                // Its refusal was about the value it had.
                if (problem) {
                  setProblems(({ [field.field]: _old, ...others }) => others);
                }
              }}
              className="mt-0.5 block w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-[13px] text-slate-900 focus:border-slate-500 focus:outline-none focus:ring-2 focus:ring-slate-300 aria-[invalid=true]:border-rose-500"
            />
            {problem ? (
              <p id={`${id}-problem`} className="mt-0.5 text-xs text-rose-700">
                {problem}
              </p>
            ) : null}
          </div>
        );
      })}
      <div className="flex flex-wrap items-center gap-2 pt-1">
        <button
          type="submit"
          disabled={correct.isPending}
          className="rounded bg-slate-900 px-2.5 py-1 text-xs font-medium text-white disabled:opacity-60"
        >
          {correct.isPending ? 'Sending…' : `Send corrections (${keyLabel('$mod+Enter', isMac())})`}
        </button>
        <button type="button" onClick={onCancel} className="text-xs text-slate-600 underline">
          Cancel (Esc)
        </button>
      </div>
      <p className="text-[11px] text-slate-500">
        Tab moves between the fields; only the fields you change are sent. The run then reads its
        input again and proposes its writes anew.
      </p>
    </form>
  );
}
