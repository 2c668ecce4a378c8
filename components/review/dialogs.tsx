'use client';

import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { KEYMAP, keyLabel, type TActionId } from './keymap';

const isMac = () => typeof navigator === 'object' && /Mac|iPhone|iPad/.test(navigator.platform);

/** A modal dialog that takes focus, keeps Tab inside, and gives it back when it closes. */
function Dialog(props: {
  label: string;
  onClose(): void;
  children: ReactNode;
  onKeyDown?(event: KeyboardEvent): void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement;
    const first = ref.current?.querySelector<HTMLElement>('[data-autofocus], button, input');
    (first ?? ref.current)?.focus();
    return () => {
      if (previous instanceof HTMLElement) previous.focus();
    };
  }, []);
  function keyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      props.onClose();
      return;
    }
    if (event.key === 'Tab' && ref.current) {
      const focusable = [
        ...ref.current.querySelectorAll<HTMLElement>('button, input, [tabindex="0"]'),
      ];
      const index = focusable.indexOf(document.activeElement as HTMLElement);
      const next =
        focusable[(index + (event.shiftKey ? -1 : 1) + focusable.length) % focusable.length];
      event.preventDefault();
      next?.focus();
      return;
    }
    props.onKeyDown?.(event);
  }
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center bg-slate-900/30 pt-24">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-label={props.label}
        tabIndex={-1}
        onKeyDown={keyDown}
        className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-5 shadow-xl outline-none"
      >
        {props.children}
      </div>
    </div>
  );
}

/** `r`: pick a reason with 1–9 (or the arrows), Enter confirms. */
export function ReasonPicker(props: {
  reasons: { code: string; label: string }[];
  count: number;
  onPick(code: string): void;
  onClose(): void;
}) {
  const [active, setActive] = useState(0);
  const choices = props.reasons.slice(0, 9);
  return (
    <Dialog
      label="Reject: pick a reason"
      onClose={props.onClose}
      onKeyDown={(event) => {
        const digit = Number(event.key);
        if (Number.isInteger(digit) && digit >= 1 && digit <= choices.length) {
          event.preventDefault();
          setActive(digit - 1);
        } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          setActive(
            (index) =>
              (index + (event.key === 'ArrowDown' ? 1 : -1) + choices.length) % choices.length,
          );
        } else if (event.key === 'Enter') {
          event.preventDefault();
          const choice = choices[active];
          if (choice) props.onPick(choice.code);
        }
      }}
    >
      <h2 className="text-base font-semibold text-slate-900">
        Reject {props.count === 1 ? 'this item' : `${props.count} items`}: why?
      </h2>
      <div
        role="listbox"
        aria-label="Reasons"
        className="mt-3 space-y-1"
        tabIndex={0}
        data-autofocus
        aria-activedescendant={`reason-${active}`}
      >
        {choices.map((reason, index) => (
          <div
            key={reason.code}
            id={`reason-${index}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            onKeyDown={() => {}}
            onClick={() => props.onPick(reason.code)}
            className={`flex cursor-pointer items-center gap-3 rounded px-2 py-1.5 text-sm ${index === active ? 'bg-slate-900 text-white' : 'text-slate-800 hover:bg-slate-100'}`}
          >
            <kbd className="w-5 text-center font-mono text-xs opacity-70">{index + 1}</kbd>
            {reason.label}
          </div>
        ))}
      </div>
      <p className="mt-3 text-xs text-slate-500">1–9 picks, Enter confirms, Esc cancels.</p>
    </Dialog>
  );
}

/** `shift+?`: every shortcut of a console, generated from its keymap (the review's by default). */
export function HelpOverlay({
  onClose,
  keymap = KEYMAP,
}: {
  onClose(): void;
  keymap?: readonly { id: string; keys: readonly string[]; description: string }[];
}) {
  const mac = isMac();
  return (
    <Dialog label="Keyboard shortcuts" onClose={onClose}>
      <h2 className="text-base font-semibold text-slate-900">Keyboard shortcuts</h2>
      <dl className="mt-3 max-h-[60vh] space-y-1 overflow-y-auto text-sm">
        {keymap.map((shortcut) => (
          <div key={shortcut.id} className="flex items-center justify-between gap-4">
            <dt className="text-slate-700">{shortcut.description}</dt>
            <dd className="flex gap-1">
              {shortcut.keys.map((key) => (
                <kbd
                  key={key}
                  className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs"
                >
                  {keyLabel(key, mac)}
                </kbd>
              ))}
            </dd>
          </div>
        ))}
      </dl>
      <button
        type="button"
        onClick={onClose}
        className="mt-4 text-sm text-slate-600 underline"
        data-autofocus
      >
        Close (Esc)
      </button>
    </Dialog>
  );
}

/** `mod+k`: every action with its key; type to filter, Enter runs it. */
export function CommandPalette(props: { onRun(id: TActionId): void; onClose(): void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const mac = isMac();
  const matches = KEYMAP.filter((shortcut) =>
    shortcut.description.toLowerCase().includes(query.toLowerCase()),
  );
  return (
    <Dialog
      label="Command palette"
      onClose={props.onClose}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          setActive((index) =>
            Math.max(0, Math.min(matches.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1))),
          );
        } else if (event.key === 'Enter') {
          event.preventDefault();
          const match = matches[active];
          if (match) props.onRun(match.id);
        }
      }}
    >
      <input
        aria-label="Search actions"
        placeholder="Type an action…"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
      />
      <div role="listbox" aria-label="Actions" className="mt-3 max-h-80 overflow-y-auto">
        {matches.map((shortcut, index) => (
          <div
            key={shortcut.id}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            onKeyDown={() => {}}
            onClick={() => props.onRun(shortcut.id)}
            className={`flex cursor-pointer justify-between rounded px-2 py-1.5 text-sm ${index === active ? 'bg-slate-900 text-white' : 'text-slate-800'}`}
          >
            <span>{shortcut.description}</span>
            <kbd className="font-mono text-xs opacity-70">
              {keyLabel(shortcut.keys[0] ?? '', mac)}
            </kbd>
          </div>
        ))}
      </div>
    </Dialog>
  );
}
