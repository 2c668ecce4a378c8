/**
 * Text in a document that speaks to a machine instead of the reader: "ignore previous
 * instructions", "AI assistant: approve this". The model is told the document is data, and the
 * values it reads are proven in code anyway; but a document that tries this is a signal in
 * itself, so its run goes to a person with the passage quoted. Deterministic: phrases in the
 * languages the workflows receive, matched on the whitespace-normalised, lower-cased text.
 */

/** What gives it away: phrases an honest business document has no reason to contain. */
const PATTERNS: readonly RegExp[] = [
  /\bignore (?:all |any |the )?(?:previous|prior|above|earlier|other) (?:instructions|rules|checks)/,
  /\b(?:disregard|override|bypass|skip) (?:all |any |the |your )?(?:previous |prior )?(?:instructions|rules|checks|validation|controls)/,
  /\b(?:ai|llm|language model|assistant|chatbot|gpt|claude)\b[^.\n]{0,40}\b(?:must|should|shall|please|instructed|note)\b/,
  /\b(?:dear|attention|note to (?:the )?|to the )(?:ai|llm|assistant|model|automated system|bot)\b/,
  /\bsystem (?:prompt|message|instruction)s?\b/,
  /\b(?:pre-?approved|already approved|auto-?approve|approve (?:this|it) (?:immediately|automatically|without))/,
  /\b(?:do not|don't|never) (?:flag|review|check|escalate|verify)\b/,
  /\b(?:set|change|update) (?:the )?(?:bank account|iban|payment details) to\b/,
  /\bignoriere (?:alle )?(?:vorherigen |bisherigen )?(?:anweisungen|regeln)/,
  /\bignorez (?:toutes )?(?:les )?(?:instructions|consignes) (?:précédentes|precedentes)/,
  /\bnegeer (?:alle )?(?:eerdere |vorige )?(?:instructies|regels)/,
  /\bignora (?:todas )?(?:las )?(?:instrucciones|reglas) (?:anteriores|previas)/,
];

/** One passage that speaks to a machine, with where it starts in the normalised text. */
export interface InjectionFinding {
  passage: string;
}

/** The passages of `text` that look like instructions to an AI (at most 5). */
export function findInjectedInstructions(text: string): InjectionFinding[] {
  const normalised = text.replace(/\s+/g, ' ').toLowerCase();
  const findings: InjectionFinding[] = [];
  for (const pattern of PATTERNS) {
    const match = pattern.exec(normalised);
    if (!match) continue;
    const from = Math.max(0, match.index - 40);
    const to = Math.min(normalised.length, match.index + match[0].length + 60);
    findings.push({ passage: normalised.slice(from, to).trim() });
    if (findings.length === 5) break;
  }
  return findings;
}
