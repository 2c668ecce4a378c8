import type { TGroundingStatus } from '@/server/tools/model/fields';

/**
 * How each grounding status is shown: in words (the meaning), with a colour that only helps,
 * the same colour for the field's badge and for its evidence marked in the document.
 */
export const GROUNDING_DISPLAY = {
  grounded: {
    words: 'grounded',
    badge: 'bg-emerald-100 text-emerald-900 ring-emerald-300',
    mark: 'bg-emerald-200/70 text-emerald-950',
  },
  person: {
    words: 'given by a person',
    badge: 'bg-sky-100 text-sky-900 ring-sky-300',
    mark: 'bg-sky-200/80 text-sky-950',
  },
  mismatch: {
    words: 'does not match its quote',
    badge: 'bg-rose-100 text-rose-900 ring-rose-300',
    mark: 'bg-rose-200/80 text-rose-950',
  },
  unproven: {
    words: 'unproven',
    badge: 'bg-amber-100 text-amber-900 ring-amber-300',
    mark: 'bg-amber-200/80 text-amber-950',
  },
  absent: {
    words: 'not in the document',
    badge: 'bg-slate-100 text-slate-700 ring-slate-300',
    mark: 'bg-slate-200 text-slate-900',
  },
} as const satisfies Record<TGroundingStatus, { words: string; badge: string; mark: string }>;

/** A field's grounding status as a badge in words. */
export function GroundingBadge({ status }: { status: TGroundingStatus }) {
  const display = GROUNDING_DISPLAY[status];
  return (
    <span
      data-testid="grounding-status"
      data-status={status}
      className={`inline-block whitespace-nowrap rounded px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${display.badge}`}
    >
      {display.words}
    </span>
  );
}

/** A field's value as read: an amount with its cents, nothing as a dash. */
export function showFieldValue(value: string | number | null): string {
  if (value === null) return '—';
  if (typeof value === 'number') {
    return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  return value;
}
