/**
 * The review console's keymap (REVIEW-CONSOLE.md), as plain data: one registry drives the key
 * handlers, the help overlay and the command palette. Keys use tinykeys' syntax (`$mod` is ⌘ on
 * a Mac and Ctrl elsewhere; `g r` is a sequence).
 */

export type TShortcutScope = 'list' | 'detail' | 'global';

export interface Shortcut {
  id: TActionId;
  keys: readonly string[];
  scopes: readonly TShortcutScope[];
  description: string;
}

export type TActionId =
  | 'move-down'
  | 'move-up'
  | 'toggle-select'
  | 'extend-down'
  | 'extend-up'
  | 'select-all'
  | 'clear'
  | 'approve'
  | 'reject'
  | 'skip'
  | 'correct-fields'
  | 'undo'
  | 'open-detail'
  | 'close-detail'
  | 'focus-filter'
  | 'palette'
  | 'help'
  | 'go-review'
  | 'go-dead-letters'
  | 'go-workflows';

/** Every shortcut of the console, in the order the help overlay lists them. */
export const KEYMAP: readonly Shortcut[] = [
  {
    id: 'move-down',
    keys: ['j', 'ArrowDown'],
    scopes: ['list', 'detail'],
    description: 'Next item',
  },
  {
    id: 'move-up',
    keys: ['k', 'ArrowUp'],
    scopes: ['list', 'detail'],
    description: 'Previous item',
  },
  {
    id: 'toggle-select',
    keys: ['x'],
    scopes: ['list'],
    description: 'Select or unselect the item',
  },
  {
    id: 'extend-down',
    keys: ['Shift+j', 'Shift+ArrowDown'],
    scopes: ['list'],
    description: 'Extend the selection down',
  },
  {
    id: 'extend-up',
    keys: ['Shift+k', 'Shift+ArrowUp'],
    scopes: ['list'],
    description: 'Extend the selection up',
  },
  { id: 'select-all', keys: ['$mod+a'], scopes: ['list'], description: 'Select all loaded items' },
  {
    id: 'clear',
    keys: ['Escape'],
    scopes: ['list'],
    description: 'Clear the selection; with none, clear the filters',
  },
  { id: 'approve', keys: ['a'], scopes: ['list', 'detail'], description: 'Approve, then advance' },
  {
    id: 'reject',
    keys: ['r'],
    scopes: ['list', 'detail'],
    description: 'Reject with a reason (1–9, Enter), then advance',
  },
  {
    id: 'skip',
    keys: ['s'],
    scopes: ['list', 'detail'],
    description: 'Skip: leave it and move on',
  },
  {
    id: 'correct-fields',
    keys: ['e'],
    scopes: ['detail'],
    description: 'Correct the fields read from the document',
  },
  { id: 'undo', keys: ['z', '$mod+z'], scopes: ['global'], description: 'Undo the last decision' },
  {
    id: 'open-detail',
    keys: ['Enter', 'o'],
    scopes: ['list'],
    description: 'Open the detail pane',
  },
  {
    id: 'close-detail',
    keys: ['Escape'],
    scopes: ['detail'],
    description: 'Close the detail pane',
  },
  { id: 'focus-filter', keys: ['/'], scopes: ['global'], description: 'Filter the queue' },
  { id: 'palette', keys: ['$mod+k'], scopes: ['global'], description: 'Command palette' },
  { id: 'help', keys: ['Shift+?'], scopes: ['global'], description: 'Keyboard shortcuts' },
  { id: 'go-review', keys: ['g r'], scopes: ['global'], description: 'Go to review' },
  { id: 'go-dead-letters', keys: ['g d'], scopes: ['global'], description: 'Go to dead letters' },
  { id: 'go-workflows', keys: ['g w'], scopes: ['global'], description: 'Go to workflows' },
];

/** Whether a binding is one character with no modifier (WCAG 2.1.4 lets users turn these off). */
export function isSingleKey(binding: string): boolean {
  return !binding.includes('+') && !['Escape', 'Enter', 'ArrowDown', 'ArrowUp'].includes(binding);
}

const LABELS: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  Escape: 'Esc',
  Enter: 'Enter',
  Shift: '⇧',
};

/** How a binding is shown: `Shift+j` as `⇧J`, `$mod+k` as `Ctrl K` (or `⌘K` on a Mac). */
export function keyLabel(binding: string, isMac: boolean): string {
  return binding
    .split(' ')
    .map((press) =>
      press
        .split('+')
        .map((part) => {
          if (part === '$mod') return isMac ? '⌘' : 'Ctrl ';
          if (LABELS[part]) return LABELS[part];
          return press.includes('+') && part.length === 1 ? part.toUpperCase() : part;
        })
        .join(''),
    )
    .join(' then ');
}

/** The shortcut of an action. */
export function shortcutOf(id: TActionId): Shortcut {
  const shortcut = KEYMAP.find((candidate) => candidate.id === id);
  if (!shortcut) throw new Error(`No shortcut ${id}`);
  return shortcut;
}
