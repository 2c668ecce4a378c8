'use client';

import { useKeymap } from '@/components/keyboard/use-keymap';
import { DEAD_LETTER_KEYMAP, type TDeadLetterActionId, type TDeadLetterScope } from './keymap';

/** The handlers of the admin's actions; an action without one does nothing. */
export type DeadLetterHandlers = Partial<
  Record<TDeadLetterActionId, (event: KeyboardEvent) => void>
>;

/**
 * Binds the dead-letter keymap with the review console's rules; a shifted letter (`shift+r`) is
 * typed text too, so it counts as a single key, and only Escape works in a box.
 */
export function useDeadLetterShortcuts(options: {
  scope: TDeadLetterScope | 'dialog';
  handlers: DeadLetterHandlers;
  singleKeysEnabled: boolean;
}) {
  useKeymap(DEAD_LETTER_KEYMAP, {
    ...options,
    allowWhileTyping: (key) => key === 'Escape',
    shiftedKeysAreSingle: true,
  });
}
