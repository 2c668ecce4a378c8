'use client';

import { useEffect, useRef } from 'react';
import { createKeybindingsHandler } from 'tinykeys';
import { isSingleKey } from '@/components/review/keymap';

/** One entry of a console's keymap: plain data, as REVIEW-CONSOLE.md rule 6 asks. */
export interface KeymapEntry<TId extends string, TScope extends string> {
  id: TId;
  keys: readonly string[];
  scopes: readonly (TScope | 'global')[];
}

/** Where typing happens: single keys never fire there. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.matches('input, textarea, select');
}

/**
 * Binds a console's keymap on the window (client only, with tinykeys): the handlers of the
 * active scope and the global ones; nothing under an open dialog; single keys never while typing
 * or when turned off; of the other keys, only those `allowWhileTyping` accepts fire in a box.
 */
export function useKeymap<TId extends string, TScope extends string>(
  keymap: readonly KeymapEntry<TId, TScope>[],
  options: {
    scope: TScope | 'dialog';
    handlers: Partial<Record<TId, (event: KeyboardEvent) => void>>;
    singleKeysEnabled: boolean;
    allowWhileTyping(key: string): boolean;
    /** Whether a shifted character (`Shift+r`) counts as a single key. */
    shiftedKeysAreSingle?: boolean;
  },
) {
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    const bindings: Record<string, (event: KeyboardEvent) => void> = {};
    for (const shortcut of keymap) {
      for (const key of shortcut.keys) {
        const previous = bindings[key];
        bindings[key] = (event) => {
          previous?.(event);
          const { scope, handlers, singleKeysEnabled, allowWhileTyping, shiftedKeysAreSingle } =
            latest.current;
          if (scope === 'dialog') return;
          const inScope = shortcut.scopes.includes('global') || shortcut.scopes.includes(scope);
          const handler = handlers[shortcut.id];
          if (!inScope || !handler || event.defaultPrevented) return;
          const first = key.split(' ')[0] ?? key;
          const single =
            isSingleKey(first) || (shiftedKeysAreSingle === true && /^Shift\+.$/.test(first));
          if (single && (!singleKeysEnabled || isTyping(event.target))) return;
          if (!single && isTyping(event.target) && !allowWhileTyping(key)) return;
          event.preventDefault();
          handler(event);
        };
      }
    }
    const handler = createKeybindingsHandler(bindings, {
      ignore: (event) => event.isComposing,
    });
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, [keymap]);
}
