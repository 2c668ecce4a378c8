/**
 * A run's subject: the records it may read and change, resolved from the run's input by the
 * workflow's own code before any plan exists (DESIGN.md section 2a). A plan cannot widen it: a
 * read keyed by anything else is refused, and a write whose target is not the subject is
 * refused at the plan checks, at the gate and again right before it runs.
 */
import type { DocumentEvidence } from '../documents/evidence.ts';
import type { JsonValue } from '../engine/types.ts';
import {
  normalizeIdentifier,
  type TIdentifierKind,
  type ToolProvenance,
} from '../tools/provenance.ts';
import { ZReferenceSchema } from './plan.ts';

export interface TSubject {
  /** The subject in words, for people: "invoice INV-20417 of vendor V-1042 (Acme GmbH)". */
  label: string;
  /** The identifiers of its records, by kind, normalised (server/tools/provenance.ts). */
  identifiers: Partial<Record<TIdentifierKind, string[]>>;
  /** What the workflow's own code read about it (an invoice's status, its duplicates). */
  facts: { [key: string]: JsonValue };
}

/** The subject, or why the input names none (an invoice that does not exist): a turn-down. */
export type TSubjectResolution =
  | { found: true; subject: TSubject }
  | { found: false; code: string; message: string };

/**
 * Where a write field's value may come from, as the workflow's code declares it: a value the
 * workflow computed from the run's input, or a field of a proven read of the run's own records.
 */
export type TValueSource =
  | { from: 'input'; value: JsonValue; label: string }
  | { from: 'read'; tool: string; path: string };

/**
 * For each write tool, for each of its value fields, the sources allowed; and for each compute
 * tool (side effect `none`, a score) the sources of its inputs, without which its output
 * proves nothing.
 */
export type TWriteValueSources = Partial<
  Record<string, Partial<Record<string, readonly TValueSource[]>>>
>;

/** What the provenance checks know about a run. */
export interface ProvenanceContext {
  subject: TSubject;
  /** The sources of write values, from the workflow's code and the run's input. */
  values: TWriteValueSources;
  /** The run's input. */
  input: unknown;
  /** The document the run's input was read from, with its grounded fields; null without one. */
  document?: DocumentEvidence | null;
}

/** Subject identifiers from raw values by kind: normalised, nulls (a record without one) left out. */
export function subjectIdentifiers(
  values: Partial<Record<TIdentifierKind, readonly (string | null)[]>>,
): TSubject['identifiers'] {
  return Object.fromEntries(
    Object.entries(values).map(([kind, raw]) => [
      kind,
      (raw ?? []).flatMap((value) => normalizeIdentifier(kind as TIdentifierKind, value) ?? []),
    ]),
  );
}

/** Whether `value` names one of the subject's records of this kind. */
export function isSubjectIdentifier(subject: TSubject, kind: TIdentifierKind, value: unknown) {
  const normalized = normalizeIdentifier(kind, value);
  return normalized !== null && (subject.identifiers[kind] ?? []).includes(normalized);
}

/**
 * The key fields of a tool's input that name another record than the subject. Keys left out,
 * null (a reference to nothing: the read was skipped) or still a reference (to an earlier
 * write, proven when the plan was checked) name nothing here; `skip` leaves out more fields.
 */
export function keysOffSubject(
  provenance: ToolProvenance | undefined,
  input: Record<string, unknown>,
  subject: TSubject,
  skip: (field: string) => boolean = () => false,
): { field: string; value: unknown }[] {
  return Object.entries(provenance?.keys ?? {}).flatMap(([field, kind]) => {
    const value = input[field];
    if (kind === undefined || value === undefined || value === null || skip(field)) return [];
    if (ZReferenceSchema.safeParse(value).success) return [];
    return isSubjectIdentifier(subject, kind, value) ? [] : [{ field, value }];
  });
}
