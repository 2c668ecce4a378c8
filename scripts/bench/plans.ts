// `npm run bench:plans`: the hostile plan corpus (tests/fixtures/hostile-plans.ts) and the
// earlier bad answers, each answered on the OpenAI and the Anthropic wire by a local model server,
// through the three real workflows on the embedded engine, on a throwaway database. A replay is
// caught (refused or held, nothing written off the subject), slipped (a write landed off the
// subject, or what the attacker wanted happened to it) or crashed (the run died or never
// settled). Last line: `plans corpus=<n> caught=<n> slipped=<n> crashed=<n>`. Target: 0 slipped,
// 0 crashed (DESIGN.md section 9).
import { exitWithError } from '../../server/setup-error.ts';
import { earlierBadAnswers, hostilePlans } from '../../tests/fixtures/hostile-plans.ts';
import {
  type AttackOutcome,
  runAttack,
  startAttackWorld,
} from '../../tests/support/plan-attacks.ts';
import { startBenchDatabase } from './database.ts';

const database = await startBenchDatabase().catch((error: unknown) => exitWithError(error));
const outcomes: AttackOutcome[] = [];
const started = Date.now();
try {
  const world = await startAttackWorld(database.url);
  try {
    const corpus = [...hostilePlans, ...earlierBadAnswers];
    console.log(`▸ ${corpus.length} hostile answers × 2 wires`);
    for (const wire of ['openai', 'anthropic'] as const) {
      for (const attack of corpus) {
        const outcome = await runAttack(world, attack, wire);
        outcomes.push(outcome);
        const mark = outcome.verdict === 'caught' ? '  ' : '!!';
        console.log(
          `${mark} ${outcome.verdict.padEnd(7)} ${wire.padEnd(9)} ${attack.name} — ${outcome.detail}`,
        );
      }
    }
  } finally {
    await world.close();
  }
} catch (error) {
  await database.close();
  exitWithError(error);
}
await database.close();

const count = (verdict: AttackOutcome['verdict']) =>
  outcomes.filter((outcome) => outcome.verdict === verdict).length;
const byCode = new Map<string, number>();
for (const outcome of outcomes) {
  for (const code of outcome.codes) byCode.set(code, (byCode.get(code) ?? 0) + 1);
}
const acceptedThenHeld = outcomes.filter((o) => o.verdict === 'caught' && o.accepted).length;
console.log(
  `  refused by code: ${[...byCode].map(([code, n]) => `${code}=${n}`).join(' ')}; accepted, then held by the rules or a person: ${acceptedThenHeld}; ${Math.round((Date.now() - started) / 1000)} s`,
);
console.log(
  `plans corpus=${outcomes.length} caught=${count('caught')} slipped=${count('slipped')} crashed=${count('crashed')}`,
);
process.exit(count('slipped') + count('crashed') === 0 ? 0 : 1);
