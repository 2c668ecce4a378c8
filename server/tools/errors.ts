import { NonRetriableError } from '../engine/errors.ts';

/** The tool's input does not parse with its schema; the message names each bad field. */
export class ToolInputError extends NonRetriableError {
  override name = 'ToolInputError';
}

/** The tool returned something its output contract does not allow: retrying cannot help. */
export class ContractError extends NonRetriableError {
  override name = 'ContractError';
}

/** The tool did not finish within its timeout (retriable: the system may answer next time). */
export class ToolTimeoutError extends Error {
  override name = 'ToolTimeoutError';
}

/** No tool of that name, or not one this workflow may use. */
export class ToolNotAllowedError extends NonRetriableError {
  override name = 'ToolNotAllowedError';
}

/** A write tool that cannot show what it would change, so no reviewer can approve its writes. */
export class PreviewUnavailableError extends NonRetriableError {
  override name = 'PreviewUnavailableError';
}
