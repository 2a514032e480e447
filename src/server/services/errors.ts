/**
 * A failure the caller can act on: an HTTP status, a stable code and a message that says what
 * to do next. Routes turn it into `{ error: { code, message } }`; anything else is a 500 whose
 * details go to the server's log only.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

export class ServiceError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ServiceError(404, 'not-found', `${what} does not exist, or you may not see it.`);
