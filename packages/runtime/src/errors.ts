/**
 * The closed set of error codes Strand raises. Every error says whether retrying can help:
 * retriable errors are retried with backoff and never dead-lettered; the rest are poison for
 * the record they concern and go to the dead-letter topic with their reason.
 */
export const ErrorCodes = {
  CONFIG_INVALID: 'CONFIG_INVALID',
  KAFKA_UNREACHABLE: 'KAFKA_UNREACHABLE',
  KAFKA_PRODUCE_FAILED: 'KAFKA_PRODUCE_FAILED',
  REGISTRY_UNREACHABLE: 'REGISTRY_UNREACHABLE',
  SCHEMA_DECODE_FAILED: 'SCHEMA_DECODE_FAILED',
  PG_UNREACHABLE: 'PG_UNREACHABLE',
  PG_WRITE_FAILED: 'PG_WRITE_FAILED',
  REDIS_UNREACHABLE: 'REDIS_UNREACHABLE',
  INPUT_INVALID: 'INPUT_INVALID',
  INPUT_UNREADABLE: 'INPUT_UNREADABLE',
  RECORD_INVALID: 'RECORD_INVALID',
  RECORD_TOO_LARGE: 'RECORD_TOO_LARGE',
  STACK_FAILED: 'STACK_FAILED',
  TIMEOUT: 'TIMEOUT',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface StrandErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class StrandError extends Error {
  readonly code: ErrorCode | string;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode | string, message: string, options: StrandErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StrandError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.details = options.details ?? {};
  }
}

/** Reads `code` and `retriable` from any error shape (ours, a parser's, kafkajs', pg's). */
export function describeError(err: unknown): { code: string; retriable: boolean; message: string } {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; retriable?: unknown };
    return {
      code: typeof e.code === 'string' ? e.code : e.name,
      retriable: e.retriable === true,
      message: e.message,
    };
  }
  return { code: 'UNKNOWN', retriable: false, message: String(err) };
}

export function isRetriable(err: unknown): boolean {
  return describeError(err).retriable;
}
