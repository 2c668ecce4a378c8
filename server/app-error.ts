/**
 * Errors as values with codes: what every service throws when it refuses a request on purpose.
 * The API layer (server/api/errors.ts) maps each code to a tRPC code.
 */
/**
 * Every way a Steward service may refuse a request on purpose. Services throw `AppError` with one
 * of these codes; the API layer turns it into the tRPC code below and sends the code itself to
 * the client as `error.data.appCode`, so screens can react to the reason, not to a message text.
 */
export const AppErrorCode = {
  /** The record asked for does not exist, or the caller may not know that it exists. */
  NOT_FOUND: 'NOT_FOUND',
  /** The input passed its schema but makes no sense for the current data (a date range that ends before it starts, an unknown workflow). */
  BAD_INPUT: 'BAD_INPUT',
  /** Nobody is signed in, or the session has expired. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The signed-in user's role may not do this (a reviewer approving a run they requested, a requester opening the dead-letter queue). */
  FORBIDDEN: 'FORBIDDEN',
  /** The record changed since the caller read it (a stale version, a unique key already taken). */
  CONFLICT: 'CONFLICT',
  /** A review item was already decided by someone else, or its proposed writes changed since the reviewer saw them. */
  DECISION_CONFLICT: 'DECISION_CONFLICT',
  /** A run cannot be replayed in the requested mode (it is still running, or was never dead-lettered). */
  RUN_NOT_REPLAYABLE: 'RUN_NOT_REPLAYABLE',
  /** A fault on our side that the caller cannot fix; the message is generic and details go to the log. */
  INTERNAL: 'INTERNAL',
} as const;
export type TAppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

/** What a person sees when something failed on our side: no internals, no stack. */
export const GENERIC_INTERNAL_MESSAGE =
  'Something went wrong on our side. Try again; if it keeps happening, tell your operations team.';

/**
 * An expected, documented failure of a service. `message` is shown to the user as is, so it
 * says what happened and what to do, in plain words, without ids of internal systems or SQL.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: TAppErrorCode;

  constructor(code: TAppErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
