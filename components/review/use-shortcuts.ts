'use client';

import { useKeymap } from '@/components/keyboard/use-keymap';
import { KEYMAP, type TActionId, type TShortcutScope } from './keymap';

export type ShortcutHandlers = Partial<Record<TActionId, (event: KeyboardEvent) => void>>;

/** Keys with a modifier that still work in the filter box: Escape, Enter and the palette. */
function allowWhileTyping(key: string): boolean {
  return ['Escape', 'Enter'].includes(key) || key.startsWith('$mod+k');
}

/**
 * Binds the review console's keymap: single keys are ignored while typing, when turned off, and
 * under an open dialog; Escape, Enter and the palette still work in the filter box.
 */
export function useShortcuts(options: {
  scope: TShortcutScope | 'dialog';
  handlers: ShortcutHandlers;
  singleKeysEnabled: boolean;
}) {
  useKeymap(KEYMAP, { ...options, allowWhileTyping });
}
