import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { TAppErrorCode } from '../app-error.ts';

export {
  AppError,
  AppErrorCode,
  GENERIC_INTERNAL_MESSAGE,
  type TAppErrorCode,
} from '../app-error.ts';

/** The tRPC code (and so the HTTP status) each AppError code is sent as. */
export const TRPC_CODE_BY_APP_CODE = {
  NOT_FOUND: 'NOT_FOUND',
  BAD_INPUT: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  DECISION_CONFLICT: 'CONFLICT',
  RUN_NOT_REPLAYABLE: 'PRECONDITION_FAILED',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const satisfies Record<TAppErrorCode, TRPC_ERROR_CODE_KEY>;

/** The tRPC code an AppError code maps to. */
export function trpcCodeFor(code: TAppErrorCode): TRPC_ERROR_CODE_KEY {
  return TRPC_CODE_BY_APP_CODE[code];
}
