'use client';

import { useEffect } from 'react';

/** Any page that failed to render: a plain message and a retry, never the error's details. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest =
    typeof error === 'object' &&
    error !== null &&
    'digest' in error &&
    typeof error.digest === 'string'
      ? error.digest
      : null;

  return (
    <section
      className="mx-auto max-w-lg rounded-lg border border-rose-200 bg-white p-8 shadow-sm"
      role="alert"
    >
      <h1 className="text-xl font-semibold text-slate-900">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-slate-600">
        Something went wrong on our side, for example the database did not answer. Try again in a
        moment; if it keeps happening, tell your operations team
        {digest ? ' and quote the reference below' : ''}.
      </p>
      {digest ? <p className="mt-3 font-mono text-xs text-slate-500">Reference: {digest}</p> : null}
      <button
        type="button"
        onClick={() => retry()}
        className="mt-6 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
      >
        Try again
      </button>
    </section>
  );
}
