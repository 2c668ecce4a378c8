/**
 * The search: every rule run on the folded text, the first honest match of each kept, and the
 * matches merged into passages quoted as the document shows them.
 */

import { ADDRESSING_RULES } from './addressing.ts';
import { APPROVAL_RULES } from './approval.ts';
import { BANK_DETAILS_RULES } from './bank-details.ts';
import { CHECK_RULES } from './checks.ts';
import { COMMAND_RULES } from './commands.ts';
import { foldForMatching } from './fold.ts';
import { MARKUP_RULES } from './markup.ts';
import { OVERRIDE_RULES } from './overrides.ts';
import type { InjectionFinding, Rule, TInjectionKind } from './types.ts';

/** Every rule, in order: where two matches start at the same place, the earlier rule's kind wins. */
export const RULES: readonly Rule[] = [
  ...ADDRESSING_RULES,
  ...COMMAND_RULES,
  ...OVERRIDE_RULES,
  ...CHECK_RULES,
  ...APPROVAL_RULES,
  ...BANK_DETAILS_RULES,
  ...MARKUP_RULES,
];

/** How much of the text around a match a passage shows. */
const BEFORE = 40;
const AFTER = 60;

/** The passages of `text` that look like instructions to an AI (at most 5, in document order). */
export function findInjectedInstructions(text: string): InjectionFinding[] {
  const folded = foldForMatching(text);
  const matches: { kind: TInjectionKind; index: number; end: number }[] = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    for (
      let match = rule.pattern.exec(folded.text);
      match;
      match = rule.pattern.exec(folded.text)
    ) {
      const index = match.index;
      const end = index + match[0].length;
      if (end === index) {
        rule.pattern.lastIndex++;
        continue;
      }
      const before = folded.text.slice(Math.max(0, index - 80), index);
      const after = folded.text.slice(end, end + 40);
      if (rule.unlessBefore?.test(before) || rule.unlessAfter?.test(after)) continue;
      matches.push({ kind: rule.kind, index, end });
      break;
    }
  }
  matches.sort((a, b) => a.index - b.index);
  const findings: InjectionFinding[] = [];
  let shownUpTo = -1;
  for (const match of matches) {
    if (findings.length === 5) break;
    if (match.index < shownUpTo) continue;
    const from = wordStart(folded.text, Math.max(0, match.index - BEFORE), match.index);
    const to = wordEnd(folded.text, Math.min(folded.text.length, match.end + AFTER));
    shownUpTo = to;
    const passage = folded.shown
      .slice(folded.starts[from] ?? 0, folded.ends[to - 1] ?? folded.shown.length)
      .replace(/\s+/gu, ' ')
      .trim();
    findings.push({ kind: match.kind, passage });
  }
  return findings;
}

/** `at` moved forward to the start of a word (not past `limit`), so a passage starts whole. */
function wordStart(text: string, at: number, limit: number): number {
  if (at === 0) return 0;
  let index = at;
  while (index < limit && index - at < 15 && !/\s/u.test(text[index - 1] ?? ' ')) index++;
  return index < limit ? index : at;
}

/** `at` moved forward to the end of a word (a little at most), so a passage ends whole. */
function wordEnd(text: string, at: number): number {
  let index = at;
  while (index < text.length && index - at < 15 && !/\s/u.test(text[index] ?? ' ')) index++;
  return index;
}
