/**
 * The shapes the pattern modules and the search share: what a finding says, and what a rule is
 * (a pattern, and the context that makes a match of it honest after all).
 */

/** What the passage does. */
export type TInjectionKind =
  | 'addresses-machine'
  | 'overrides-instructions'
  | 'skips-checks'
  | 'claims-approval'
  | 'changes-bank-details'
  | 'prompt-markup';

/** One passage that speaks to a machine. */
export interface InjectionFinding {
  kind: TInjectionKind;
  /** The matched words with some context, as the document shows them (invisible characters
   * dropped, whitespace collapsed). */
  passage: string;
}

/** One pattern matched on the folded text. */
export interface Rule {
  kind: TInjectionKind;
  pattern: RegExp;
  /** A match is not one if the text just before it matches this (same clause, a few words). */
  unlessBefore?: RegExp;
  /** A match is not one if the text just after it matches this. */
  unlessAfter?: RegExp;
}
