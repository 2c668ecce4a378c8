'use client';

import { useEffect, useRef } from 'react';
import { createKeybindingsHandler } from 'tinykeys';
import { isSingleKey } from '@/components/review/keymap';
import { DEAD_LETTER_KEYMAP, type TDeadLetterActionId, type TDeadLetterScope } from './keymap';

/** The handlers of the admin's actions; an action without one does nothing. */
export type DeadLetterHandlers = Partial<
  Record<TDeadLetterActionId, (event: KeyboardEvent) => void>
>;

/** Where typing happens: single keys never fire there. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.matches('input, textarea, select');
}

/**
 * Binds the dead-letter keymap on the window (client only), with the review console's rules:
 * only the active scope's handlers and the global ones; nothing under an open dialog; single
 * keys (and shifted letters) never while typing or when turned off; Escape still works in a box.
 */
export function useDeadLetterShortcuts(options: {
  scope: TDeadLetterScope | 'dialog';
  handlers: DeadLetterHandlers;
  singleKeysEnabled: boolean;
}) {
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    const bindings: Record<string, (event: KeyboardEvent) => void> = {};
    for (const shortcut of DEAD_LETTER_KEYMAP) {
      for (const key of shortcut.keys) {
        const previous = bindings[key];
        bindings[key] = (event) => {
          previous?.(event);
          const { scope, handlers, singleKeysEnabled } = latest.current;
          if (scope === 'dialog') return;
          const inScope = shortcut.scopes.includes('global') || shortcut.scopes.includes(scope);
          const handler = handlers[shortcut.id];
          if (!inScope || !handler || event.defaultPrevented) return;
          const first = key.split(' ')[0] ?? key;
          // A shifted letter is typed text too: it counts as a single character.
          const single = isSingleKey(first) || /^Shift\+.$/.test(first);
          if (single && (!singleKeysEnabled || isTyping(event.target))) return;
          if (!single && isTyping(event.target) && key !== 'Escape') return;
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
