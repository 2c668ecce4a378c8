'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTRPC } from '@/lib/trpc/react';

/**
 * Cancelling a run that has not finished (operations): cannot be undone, so it asks for a reason
 * in a dialog first (REVIEW-CONSOLE.md rule 4: confirm only what cannot be undone).
 */
export function CancelRun({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const cancel = useMutation(
    trpc.run.cancel.mutationOptions({
      onSuccess: () => {
        dialog.current?.close();
        void queryClient.invalidateQueries({ queryKey: trpc.run.get.queryKey({ id: runId }) });
      },
      onError: (failure) => setError(failure.message),
    }),
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    setError(null);
    cancel.mutate({ id: runId, reason });
  }
  return (
    <>
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        className="rounded-md border border-rose-300 px-3 py-1 text-sm font-medium text-rose-700 hover:bg-rose-50"
      >
        Cancel run…
      </button>
      <dialog
        ref={dialog}
        aria-label="Cancel this run"
        className="rounded-lg p-5 shadow-xl backdrop:bg-slate-900/30"
      >
        <form onSubmit={submit} className="w-96 space-y-3 text-sm">
          <h2 className="text-base font-semibold text-slate-900">Cancel this run?</h2>
          <p className="text-slate-600">
            It stops at its next step and cannot be resumed; it can be replayed later.
          </p>
          <label className="block font-medium text-slate-800">
            Reason
            <input
              name="reason"
              required
              minLength={3}
              className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
            />
          </label>
          {error ? (
            <p role="alert" className="text-rose-700">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className="px-3 py-1 text-slate-600"
            >
              Keep it running
            </button>
            <button
              type="submit"
              disabled={cancel.isPending}
              className="rounded-md bg-rose-700 px-3 py-1 font-medium text-white"
            >
              Cancel run
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
