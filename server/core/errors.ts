import { ApiErrorBody, ERROR_MESSAGES, ErrorCode } from '../../typings/errors';

/** An expected, user-facing failure: a stable code and a Chinese message a page can show. */
export class AppError extends Error {
  constructor(readonly code: ErrorCode, message?: string, readonly details?: unknown) {
    super(message ?? ERROR_MESSAGES[code]);
  }

  toBody(): ApiErrorBody {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

export const fail = (code: ErrorCode, message?: string, details?: unknown): never => {
  throw new AppError(code, message, details);
};
