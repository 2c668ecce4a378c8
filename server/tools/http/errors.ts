/** Why an HTTP tool refused a request or a response. */
import { NonRetriableError } from '../../engine/errors.ts';

/** The URL's scheme, host or port is not allowed (or it carries credentials); nothing was sent. */
export class HostNotAllowedError extends NonRetriableError {
  override name = 'HostNotAllowedError';
}

/** The response body is larger than STEWARD_HTTP_MAX_BYTES; reading it was stopped. */
export class ResponseTooLargeError extends NonRetriableError {
  override name = 'ResponseTooLargeError';
}

/** The host answered 4xx (or another non-success status that retrying will not change). */
export class HttpClientError extends NonRetriableError {
  override name = 'HttpClientError';
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** The host answered 5xx: retriable, it may answer next time. */
export class HttpServerError extends Error {
  override name = 'HttpServerError';
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** The response body is not JSON although the tool promises JSON. */
export class NotJsonError extends NonRetriableError {
  override name = 'NotJsonError';
}
