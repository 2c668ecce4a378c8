/** Building blocks of write previews (ToolDefinition.preview): the changed fields of a record. */
import { isDeepStrictEqual } from 'node:util';
import type { JsonValue } from '../engine/types.ts';
import type { TFieldChange } from './define-tool.ts';

/**
 * The proposed value of a field the write sets to the time it runs (e.g. an approval time):
 * that time is not known before the write, and a clock reading would change every preview.
 */
export const AT_WRITE_TIME = '(the time of the write)';

/** One field as a preview compares it: its name, its value now and its value after the write. */
export type TFieldComparison = readonly [
  field: string,
  current: JsonValue | null | undefined,
  proposed: JsonValue | null | undefined,
];

/**
 * The fields whose value would change, in the order given; a field the write leaves as it is
 * (same value, deep equality) is left out. `undefined` counts as null.
 */
export function changedFields(comparisons: readonly TFieldComparison[]): TFieldChange[] {
  return comparisons
    .map(([field, current, proposed]) => ({
      field,
      current: current ?? null,
      proposed: proposed ?? null,
    }))
    .filter((change) => !isDeepStrictEqual(change.current, change.proposed));
}
