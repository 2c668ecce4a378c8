/**
 * The dead-letter admin's keymap, as plain data (REVIEW-CONSOLE.md: the list keys of the review
 * console, and `shift+r` to replay the selection after a confirmation). One registry drives the
 * key handlers and the help overlay. Keys use tinykeys' syntax.
 */

/** Where a key applies: the run list, the inspector, or anywhere on the page. */
export type TDeadLetterScope = 'list' | 'detail' | 'global';

export type TDeadLetterActionId =
  | 'move-down'
  | 'move-up'
  | 'toggle-select'
  | 'extend-down'
  | 'extend-up'
  | 'select-all'
  | 'clear'
  | 'open-detail'
  | 'close-detail'
  | 'replay'
  | 'discard'
  | 'focus-filter'
  | 'help'
  | 'go-review'
  | 'go-workflows';

/** One key binding of the admin. */
export interface DeadLetterShortcut {
  id: TDeadLetterActionId;
  keys: readonly string[];
  scopes: readonly TDeadLetterScope[];
  description: string;
}

/** Every shortcut of the dead-letter admin, in the order the help overlay lists them. */
export const DEAD_LETTER_KEYMAP: readonly DeadLetterShortcut[] = [
  {
    id: 'move-down',
    keys: ['j', 'ArrowDown'],
    scopes: ['list', 'detail'],
    description: 'Next run',
  },
  {
    id: 'move-up',
    keys: ['k', 'ArrowUp'],
    scopes: ['list', 'detail'],
    description: 'Previous run',
  },
  { id: 'toggle-select', keys: ['x'], scopes: ['list'], description: 'Select or unselect the run' },
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
  { id: 'select-all', keys: ['$mod+a'], scopes: ['list'], description: 'Select all loaded runs' },
  {
    id: 'clear',
    keys: ['Escape'],
    scopes: ['list'],
    description: 'Clear the selection; with none, clear the filters',
  },
  { id: 'open-detail', keys: ['Enter', 'o'], scopes: ['list'], description: 'Inspect the run' },
  { id: 'close-detail', keys: ['Escape'], scopes: ['detail'], description: 'Close the inspector' },
  {
    id: 'replay',
    keys: ['Shift+r'],
    scopes: ['list', 'detail'],
    description: 'Replay the selection (or the run), after a confirmation',
  },
  {
    id: 'discard',
    keys: ['Shift+d'],
    scopes: ['list', 'detail'],
    description: 'Discard the selection (or the run) with a reason',
  },
  { id: 'focus-filter', keys: ['/'], scopes: ['global'], description: 'Filter the queue' },
  { id: 'help', keys: ['Shift+?'], scopes: ['global'], description: 'Keyboard shortcuts' },
  { id: 'go-review', keys: ['g r'], scopes: ['global'], description: 'Go to review' },
  { id: 'go-workflows', keys: ['g w'], scopes: ['global'], description: 'Go to workflows' },
];
