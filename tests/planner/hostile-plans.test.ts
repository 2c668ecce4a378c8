// The hostile plan corpus replayed at the wire, on both providers, through the three real
// workflows on the embedded engine: a model answers a well-formed plan that writes to another
// record or writes values the workflow never meant (or an answer built to break the checker),
// and again when asked to repair it. No write lands anywhere but on the subject, nothing the
// attacker wanted happens to the subject, and every run ends decided with the reason recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostilePlans } from '../fixtures/hostile-plans.ts';
import { testDatabaseUrl } from '../support/database.ts';
import { type AttackWorld, runAttack, startAttackWorld } from '../support/plan-attacks.ts';

let world: AttackWorld;

beforeAll(async () => {
  world = await startAttackWorld(testDatabaseUrl);
});
afterAll(async () => {
  await world?.close();
});

describe('the hostile plan corpus', () => {
  it('holds at least 30 plans across the three workflows and every class of attack', () => {
    expect(hostilePlans.length).toBeGreaterThanOrEqual(30);
    expect(new Set(hostilePlans.map((attack) => attack.workflow))).toEqual(
      new Set(['invoice-approval', 'lead-enrichment', 'address-change']),
    );
    expect(new Set(hostilePlans.map((attack) => attack.class))).toEqual(
      new Set([
        'second-search',
        'wrong-meaning',
        'wrong-record',
        'identity',
        'limits',
        'review-mismatch',
      ]),
    );
    expect(new Set(hostilePlans.map((attack) => attack.name)).size).toBe(hostilePlans.length);
  });

  for (const wire of ['openai', 'anthropic'] as const) {
    describe(`answered on the ${wire} wire`, () => {
      for (const attack of hostilePlans) {
        it(`${attack.name}: is caught, writes nothing off the subject, and the run ends decided`, async () => {
          const outcome = await runAttack(world, attack, wire);
          expect(
            outcome.verdict,
            `${outcome.detail} (${outcome.codes.join(',')}; ${outcome.ended})`,
          ).toBe('caught');
          expect(['succeeded', 'needs_review']).toContain(outcome.runStatus);
          if (attack.codes.length > 0) {
            // Refused by the checks, with the reason recorded on the model call, and planned
            // again by the next planner (offline).
            expect(outcome.accepted, `${outcome.detail}; ${outcome.ended}`).toBe(false);
            expect(
              outcome.codes.filter((code) => (attack.codes as readonly string[]).includes(code)),
              outcome.codes.join(', '),
            ).not.toEqual([]);
          } else if (attack.endsBy === 'gate') {
            // Accepted by the plan checks; the gate's proof on the resolved values turns it down,
            // and no safe action touches the record.
            expect(outcome.ended).toBe('rejected by gate');
          } else {
            // A write the plan may propose, but not without a person.
            expect(outcome.runStatus).toBe('needs_review');
          }
        }, 60_000);
      }
    });
  }
});
