'use client';

import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

/** The replay modes a person picks from, with how the confirmation names them. */
export const MODE_LABELS = {
  from_failed_step: 'from the failed step',
  from_start: 'from the start',
  with_input: 'with the corrected input',
} as const;
export type TReplayMode = keyof typeof MODE_LABELS;

/**
 * A modal dialog on the native <dialog>: the page behind is inert (focus stays inside), Escape
 * closes it, and focus returns to where it was.
 */
function Modal(props: { label: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const previous = document.activeElement;
    const dialog = ref.current;
    dialog?.showModal();
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      dialog?.close();
      if (previous instanceof HTMLElement) previous.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={props.label}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
      className="m-auto w-full max-w-md rounded-lg border border-slate-200 bg-white p-5 shadow-xl backdrop:bg-slate-900/30"
    >
      {props.children}
    </dialog>
  );
}

function runs(count: number) {
  return count === 1 ? '1 run' : `${count} runs`;
}

/**
 * The confirmation of a replay: states the count and the mode ("Replay 12 runs from the failed
 * step?"); the mode can be changed here. With corrected input the mode is fixed.
 */
export function ReplayDialog(props: {
  count: number;
  mode: TReplayMode;
  modes: readonly TReplayMode[];
  pending: boolean;
  onConfirm(mode: TReplayMode): void;
  onClose(): void;
}) {
  const [mode, setMode] = useState(props.mode);
  const name = useId();
  return (
    <Modal label="Confirm replay" onClose={props.onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          props.onConfirm(mode);
        }}
      >
        <h2 className="text-base font-semibold text-slate-900" data-testid="replay-question">
          Replay {runs(props.count)} {MODE_LABELS[mode]}?
        </h2>
        {props.modes.length > 1 ? (
          <fieldset className="mt-3 space-y-1 text-sm">
            <legend className="text-xs text-slate-600">Mode</legend>
            {props.modes.map((option) => (
              <label key={option} className="flex items-center gap-2">
                <input
                  type="radio"
                  name={name}
                  value={option}
                  checked={mode === option}
                  onChange={() => setMode(option)}
                />
                Replay {MODE_LABELS[option]}
              </label>
            ))}
          </fieldset>
        ) : null}
        <p className="mt-3 text-xs text-slate-500">
          {mode === 'from_failed_step'
            ? 'Each run resumes where it died; the steps that succeeded are kept.'
            : 'Each run starts again as a new run linked to the dead one.'}{' '}
          A replay cannot be undone.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <button
            type="button"
            onClick={props.onClose}
            className="text-sm text-slate-600 underline"
          >
            Cancel (Esc)
          </button>
          <button
            type="submit"
            data-autofocus
            disabled={props.pending}
            className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50"
          >
            Replay {runs(props.count)}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Discarding closes the dead letters for good: a reason is required. */
export function DiscardDialog(props: {
  count: number;
  pending: boolean;
  onConfirm(reason: string): void;
  onClose(): void;
}) {
  const [reason, setReason] = useState('');
  return (
    <Modal label="Discard dead letters" onClose={props.onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (reason.trim()) props.onConfirm(reason.trim());
        }}
      >
        <h2 className="text-base font-semibold text-slate-900">Discard {runs(props.count)}?</h2>
        <label className="mt-3 flex flex-col text-xs text-slate-600">
          Reason (required)
          <textarea
            data-autofocus
            required
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            rows={3}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900"
          />
        </label>
        <p className="mt-2 text-xs text-slate-500">The runs stay dead; nobody will replay them.</p>
        <div className="mt-4 flex justify-end gap-2">
          <button
            type="button"
            onClick={props.onClose}
            className="text-sm text-slate-600 underline"
          >
            Cancel (Esc)
          </button>
          <button
            type="submit"
            disabled={props.pending || reason.trim() === ''}
            className="rounded bg-red-700 px-3 py-1 text-sm text-white disabled:opacity-50"
          >
            Discard {runs(props.count)}
          </button>
        </div>
      </form>
    </Modal>
  );
}
