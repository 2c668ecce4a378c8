// How tinykeys matches the console's bindings, checked before relying on them: Shift changes
// the key's case, `Shift+?` is the key `?`, a binding without Shift does not fire with it.
import { createKeybindingsHandler } from 'tinykeys';
import { describe, expect, it } from 'vitest';
import { isSingleKey, KEYMAP, keyLabel, shortcutOf } from './keymap.ts';

/** A keydown as a browser reports it: `key` already shifted, modifiers from getModifierState. */
function press(key: string, modifiers: string[] = [], code = `Key${key.toUpperCase()}`) {
  const target = { matches: () => false };
  return {
    key,
    code,
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

describe('tinykeys with the console keymap', () => {
  it('tells j from Shift+j (the browser reports "J" with Shift)', () => {
    expect(fired(['j', 'Shift+j'], press('j'))).toEqual(['j']);
    expect(fired(['j', 'Shift+j'], press('J', ['Shift']))).toEqual(['Shift+j']);
  });

  it('matches Shift+? on the key "?" with Shift, and ArrowDown with Shift separately', () => {
    expect(fired(['Shift+?'], press('?', ['Shift'], 'Slash'))).toEqual(['Shift+?']);
    expect(
      fired(['ArrowDown', 'Shift+ArrowDown'], press('ArrowDown', ['Shift'], 'ArrowDown')),
    ).toEqual(['Shift+ArrowDown']);
  });

  it('does not fire a single key with Control held', () => {
    expect(fired(['a', 'Control+a'], press('a', ['Control']))).toEqual(['Control+a']);
  });

  it('keeps every key unique per scope, and no single key a sequence prefix', () => {
    const prefixes = new Set(
      KEYMAP.flatMap((s) => s.keys.filter((k) => k.includes(' ')).map((k) => k.split(' ')[0])),
    );
    for (const shortcut of KEYMAP) {
      for (const key of shortcut.keys) expect(prefixes.has(key), key).toBe(false);
    }
    for (const scope of ['list', 'detail', 'global'] as const) {
      const keys = KEYMAP.filter(
        (s) => s.scopes.includes(scope) || s.scopes.includes('global'),
      ).flatMap((s) => s.keys);
      expect(new Set(keys).size, scope).toBe(keys.length);
    }
  });

  it('binds e to correcting the document fields, in the detail pane only, as a single key', () => {
    const correct = shortcutOf('correct-fields');
    expect(correct).toMatchObject({ keys: ['e'], scopes: ['detail'] });
    expect(correct.description).toMatch(/correct the fields/i);
    // A single key: off with the setting, never while typing; not with Shift or Control held.
    expect(isSingleKey('e')).toBe(true);
    expect(fired(['e'], press('e'))).toEqual(['e']);
    expect(fired(['e'], press('E', ['Shift']))).toEqual([]);
    expect(fired(['e', '$mod+Enter'], press('e', ['Control']))).toEqual([]);
    // In the detail pane it shares no key with any other action there.
    const detailKeys = KEYMAP.filter(
      (s) =>
        s.id !== 'correct-fields' && (s.scopes.includes('detail') || s.scopes.includes('global')),
    ).flatMap((s) => s.keys);
    expect(detailKeys).not.toContain('e');
  });

  it('labels keys for people and knows which are single characters', () => {
    expect(keyLabel('Shift+j', false)).toBe('⇧J');
    expect(keyLabel('$mod+k', true)).toBe('⌘K');
    expect(keyLabel('g r', false)).toBe('g then r');
    expect([isSingleKey('a'), isSingleKey('$mod+z'), isSingleKey('Escape')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
