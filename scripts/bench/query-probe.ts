/**
 * Watches the statements the engine sends through node-postgres pools, without changing them:
 * `pg.Pool.prototype.query` is wrapped (the engine's worker makes its own pool with `new
 * pg.Pool`, so there is no other seam). While enabled, it counts statements by kind and times
 * each one from the call to the moment its promise resolves: pool checkout, the round trip, the
 * commit's WAL flush, and any wait for this process's event loop. For a checkpoint write (the
 * `INSERT INTO step_checkpoints` statement of `writeCheckpoint`) that is what a step pays.
 */
import pg from 'pg';
import { now } from './stats.ts';

export type StatementKind = 'checkpoint' | 'claim' | 'load' | 'complete' | 'heartbeat' | 'other';

export const STATEMENT_KINDS: readonly StatementKind[] = [
  'checkpoint',
  'claim',
  'load',
  'complete',
  'heartbeat',
  'other',
];

export interface QueryProbe {
  /** Statement durations in ms by kind, in the order they finished. */
  readonly durations: Record<StatementKind, number[]>;
  /** Starts counting and timing (clears what was recorded). */
  enable(): void;
  disable(): void;
  /** Puts `pg.Pool.prototype.query` back. */
  uninstall(): void;
}

function classify(text: string): StatementKind {
  if (text.includes('INSERT INTO step_checkpoints')) return 'checkpoint';
  if (text.includes('SKIP LOCKED')) return 'claim';
  if (text.includes('FROM step_checkpoints WHERE run_id')) return 'load';
  if (text.includes("SET status = 'succeeded'")) return 'complete';
  if (/^\s*UPDATE runs SET lease_expires_at/.test(text)) return 'heartbeat';
  return 'other';
}

function statementText(argument: unknown): string {
  if (typeof argument === 'string') return argument;
  if (argument && typeof argument === 'object' && 'text' in argument) {
    return typeof argument.text === 'string' ? argument.text : '';
  }
  return '';
}

/** Installs the probe (disabled). Only one may be installed at a time. */
export function installQueryProbe(): QueryProbe {
  const prototype: object = pg.Pool.prototype;
  const original: unknown = Reflect.get(prototype, 'query');
  if (typeof original !== 'function') throw new Error('pg.Pool.prototype.query is not a function');
  const hadOwn = Object.hasOwn(prototype, 'query');
  const durations: Record<StatementKind, number[]> = {
    checkpoint: [],
    claim: [],
    load: [],
    complete: [],
    heartbeat: [],
    other: [],
  };
  let isEnabled = false;

  Reflect.set(prototype, 'query', function probedQuery(this: unknown, ...args: unknown[]) {
    if (!isEnabled) return Reflect.apply(original, this, args);
    if (typeof args[args.length - 1] === 'function') return Reflect.apply(original, this, args);
    const kind = classify(statementText(args[0]));
    const started = now();
    const result: unknown = Reflect.apply(original, this, args);
    return Promise.resolve(result).then((value) => {
      if (isEnabled) durations[kind].push(now() - started);
      return value;
    });
  });

  return {
    durations,
    enable() {
      for (const kind of STATEMENT_KINDS) durations[kind].length = 0;
      isEnabled = true;
    },
    disable() {
      isEnabled = false;
    },
    uninstall() {
      isEnabled = false;
      if (hadOwn) Reflect.set(prototype, 'query', original);
      else Reflect.deleteProperty(prototype, 'query');
    },
  };
}
