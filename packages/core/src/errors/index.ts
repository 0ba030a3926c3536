/** The one error type of the platform: a machine-readable code, a human message, an HTTP status. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  /** Text that UTF-8 cannot encode (a lone surrogate): refused at the door, not after three sandbox runs. */
  UNENCODABLE_TEXT: 400,
  CODE_TOO_LARGE: 413,
  STDIN_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  /** Deleting or sharing a run that still waits or runs: cancel it first, or wait for it to end. */
  JOB_STILL_RUNNING: 409,
  RATE_LIMITED: 429,
  TOO_MANY_JOBS: 429,
  TOO_MANY_CONNECTIONS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field?: string;
  /** For 429s: when trying again makes sense (the HTTP layer sends it as Retry-After). */
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    if (options.field !== undefined) this.field = options.field;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) },
    };
  }

  static is(value: unknown, code?: ErrorCode): value is AppError {
    return value instanceof AppError && (code === undefined || value.code === code);
  }
}

/** Anything thrown that is not an AppError becomes INTERNAL, without leaking its message. */
export function toAppError(value: unknown): AppError {
  if (value instanceof AppError) return value;
  return new AppError("INTERNAL", "Something went wrong on our side. Please try again.", { cause: value });
}
