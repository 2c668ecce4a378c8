'use client';

import type { TGroundedField } from '@/server/tools/model/fields';
import { GroundingBadge, showFieldValue } from './grounding-status';

/** What a field's quotes and reasons say, under its value: the part a reviewer reads to judge it. */
export function FieldNotes({ field }: { field: TGroundedField }) {
  const missing = field.evidence.filter((quote) => !quote.found);
  const corrected = field.status === 'person' && field.modelValue !== field.value;
  if (field.reasons.length === 0 && missing.length === 0 && !corrected) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
      {field.reasons.map((reason) => (
        <li key={reason}>{reason}</li>
      ))}
      {missing.map((quote) => (
        <li key={`${quote.start}:${quote.quote}`} className="text-rose-800">
          quote not in the document: “{quote.quote}”
        </li>
      ))}
      {corrected ? <li>The model read: {showFieldValue(field.modelValue)}</li> : null}
    </ul>
  );
}

/**
 * The fields read from the document: label, value, grounding status in words, the model's
 * confidence, the reasons and the quotes that are not in the document. Selecting one (a click,
 * or Enter on it) shows its evidence in the text.
 */
export function DocumentFields({
  fields,
  selected,
  onSelect,
}: {
  fields: readonly TGroundedField[];
  selected: string | null;
  onSelect(field: string): void;
}) {
  return (
    <ul aria-label="Fields read from the document" className="space-y-1.5">
      {fields.map((field) => {
        const isSelected = field.field === selected;
        return (
          <li
            key={field.field}
            data-testid="document-field"
            data-field={field.field}
            data-status={field.status}
            className={`rounded-md border px-2.5 py-1.5 ${
              isSelected ? 'border-slate-900 bg-white shadow-sm' : 'border-slate-200 bg-white'
            }`}
          >
            <button
              type="button"
              aria-pressed={isSelected}
              onClick={() => onSelect(field.field)}
              className="block w-full text-left"
            >
              <span className="flex flex-wrap items-center justify-between gap-x-2 gap-y-0.5">
                <span className="text-xs font-medium text-slate-600">
                  {field.label}
                  {field.required ? null : <span className="font-normal"> (optional)</span>}
                </span>
                <GroundingBadge status={field.status} />
              </span>
              <span className="mt-0.5 flex items-baseline justify-between gap-2">
                <span
                  data-testid="document-field-value"
                  className="font-mono text-[13px] text-slate-900 wrap-anywhere"
                >
                  {showFieldValue(field.value)}
                </span>
                {field.status === 'person' ? null : (
                  <span className="shrink-0 text-[11px] tabular-nums text-slate-500">
                    confidence {field.confidence.toFixed(2)}
                  </span>
                )}
              </span>
            </button>
            <FieldNotes field={field} />
          </li>
        );
      })}
    </ul>
  );
}
