import Link from 'next/link';
import type { ReactNode } from 'react';

// One fixed zone keeps times comparable between operators and with logs.
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

/** A moment, in UTC, as a <time> element. */
export function When({ at }: { at: Date | null }) {
  if (!at) return <span className="text-slate-400">—</span>;
  return <time dateTime={at.toISOString()}>{timeFormat.format(at)} UTC</time>;
}

/** A run id linking to its timeline. */
export function RunLink({ id }: { id: string }) {
  return (
    <Link href={`/runs/${id}`} className="font-mono text-xs text-sky-700 underline">
      {id}
    </Link>
  );
}

/** A JSON value, folded away by default (outputs can be long). */
export function JsonValue({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-slate-500">{label}</summary>
      <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs text-slate-800">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

/** One entry of the timeline: a titled section as a list item. */
export function TimelineSection({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <li
      aria-labelledby={`${id}-heading`}
      data-testid={`timeline-${id}`}
      className="relative border-l-2 border-slate-200 pb-6 pl-5"
    >
      <span
        aria-hidden="true"
        className="absolute -left-[5px] top-1.5 h-2 w-2 rounded-full bg-slate-400"
      />
      <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <div className="mt-2 space-y-2 text-sm text-slate-700">{children}</div>
    </li>
  );
}

/** A short note when a section has nothing to show. */
export function Nothing({ children }: { children: ReactNode }) {
  return <p className="text-slate-500">{children}</p>;
}
