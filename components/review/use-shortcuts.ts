'use client';

import { useEffect, useRef } from 'react';
import { createKeybindingsHandler } from 'tinykeys';
import { isSingleKey, KEYMAP, type TActionId, type TShortcutScope } from './keymap';

export type ShortcutHandlers = Partial<Record<TActionId, (event: KeyboardEvent) => void>>;

/** Where typing happens: single keys never fire there. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.matches('input, textarea, select');
}

/**
 * Binds the keymap on the window (client only): the handlers of the active scope and the
 * global ones. Single keys are ignored while typing, when turned off, and under an open dialog;
 * keys with a modifier (and Escape, Enter) still work in the filter box.
 */
export function useShortcuts(options: {
  scope: TShortcutScope | 'dialog';
  handlers: ShortcutHandlers;
  singleKeysEnabled: boolean;
}) {
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    const bindings: Record<string, (event: KeyboardEvent) => void> = {};
    for (const shortcut of KEYMAP) {
      for (const key of shortcut.keys) {
        const previous = bindings[key];
        bindings[key] = (event) => {
          previous?.(event);
          const { scope, handlers, singleKeysEnabled } = latest.current;
          if (scope === 'dialog') return;
          const inScope = shortcut.scopes.includes('global') || shortcut.scopes.includes(scope);
          const handler = handlers[shortcut.id];
          if (!inScope || !handler || event.defaultPrevented) return;
          const single = isSingleKey(key.split(' ')[0] ?? key);
          if (single && (!singleKeysEnabled || isTyping(event.target))) return;
          if (
            !single &&
            isTyping(event.target) &&
            !['Escape', 'Enter'].includes(key) &&
            !key.startsWith('$mod+k')
          ) {
            return;
          }
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
  }, []);
}
