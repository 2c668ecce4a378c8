import type { TRunDocuments } from '@/server/documents/run-documents';
import { showFieldValue } from './grounding-status';

// One fixed zone, as on the rest of the run page.
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** The corrections reviewers made to what the model read (kept as labels to evaluate models). */
export function DocumentCorrections({
  corrections,
  labels,
}: {
  corrections: TRunDocuments['corrections'];
  /** Field name → its label, from the reading. */
  labels: ReadonlyMap<string, string>;
}) {
  if (corrections.length === 0) {
    return <p className="text-sm text-slate-500">No one corrected what the model read.</p>;
  }
  return (
    <table className="w-full text-left text-sm" data-testid="document-corrections">
      <caption className="sr-only">Corrections</caption>
      <thead className="text-xs text-slate-500">
        <tr>
          <th className="py-1 pr-3 font-medium">Field</th>
          <th className="py-1 pr-3 font-medium">The model read</th>
          <th className="py-1 pr-3 font-medium">Corrected to</th>
          <th className="py-1 font-medium">By</th>
        </tr>
      </thead>
      <tbody>
        {corrections.map((correction) => (
          <tr
            key={`${correction.field}:${correction.createdAt}`}
            className="border-t border-slate-100"
          >
            <td className="py-1 pr-3">{labels.get(correction.field) ?? correction.field}</td>
            <td className="py-1 pr-3 font-mono text-xs text-rose-800 line-through">
              {showFieldValue(correction.modelValue)}
            </td>
            <td className="py-1 pr-3 font-mono text-xs text-sky-900">
              {showFieldValue(correction.correctedValue)}
            </td>
            <td className="py-1 text-xs text-slate-600">
              {correction.correctedBy ?? 'someone since removed'},{' '}
              <time dateTime={correction.createdAt}>
                {timeFormat.format(new Date(correction.createdAt))} UTC
              </time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
