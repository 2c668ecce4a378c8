// How tinykeys matches the dead-letter admin's bindings: Shift+r fires on the "R" a browser
// reports with Shift, plain r does not reach it; keys are unique per scope and no single key is
// a sequence prefix.
import { createKeybindingsHandler } from 'tinykeys';
import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_KEYMAP } from './keymap.ts';

function press(key: string, modifiers: string[] = []) {
  const target = { matches: () => false };
  return {
    key,
    code: `Key${key.toUpperCase()}`,
    repeat: false,
    isComposing: false,
    target,
    currentTarget: target,
    getModifierState: (mod: string) => modifiers.includes(mod),
  };
}

function fired(bindings: string[], event: ReturnType<typeof press>): string[] {
  const seen: string[] = [];
  const handler = createKeybindingsHandler(
    Object.fromEntries(bindings.map((binding) => [binding, () => seen.push(binding)])),
  );
  handler(event as unknown as KeyboardEvent);
  return seen;
}

describe('the dead-letter keymap with tinykeys', () => {
  it('fires Shift+r on a shifted R only', () => {
    expect(fired(['Shift+r'], press('R', ['Shift']))).toEqual(['Shift+r']);
    expect(fired(['Shift+r'], press('r'))).toEqual([]);
  });

  it('keeps every key unique per scope, and no single key a sequence prefix', () => {
    const prefixes = new Set(
      DEAD_LETTER_KEYMAP.flatMap((s) =>
        s.keys.filter((k) => k.includes(' ')).map((k) => k.split(' ')[0]),
      ),
    );
    for (const shortcut of DEAD_LETTER_KEYMAP) {
      for (const key of shortcut.keys) expect(prefixes.has(key), key).toBe(false);
    }
    for (const scope of ['list', 'detail', 'global'] as const) {
      const keys = DEAD_LETTER_KEYMAP.filter(
        (s) => s.scopes.includes(scope) || s.scopes.includes('global'),
      ).flatMap((s) => s.keys);
      expect(new Set(keys).size, scope).toBe(keys.length);
    }
  });
});
