import { errorCatalogue, errorDeclaration, isErrorCode, type ErrorCode, type RetriableFlag } from './error-codes.js';
import { classifyError } from './classify-error.js';
import { redact, redactDeep } from './redact.js';

export interface StrandErrorOptions<C extends ErrorCode = ErrorCode> {
  cause?: unknown;
  details?: Record<string, unknown>;
  /**
   * @deprecated Retriable-ness comes from the code's declaration (error-codes.ts); leave this out.
   * Still accepted so existing call sites compile, but only with the declared value (the compiler
   * rejects `{ retriable: true }` on a code declared non-retriable), and ignored at run time.
   */
  retriable?: RetriableFlag<C>;
}

class StrandErrorBase extends Error {
  readonly code: ErrorCode;
  /** From the code's declaration. */
  readonly retriable: boolean;
  /** From the code's declaration: the service stops rather than retry or dead-letter. */
  readonly fatal: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: StrandErrorOptions = {}) {
    // Messages name URLs and settings; secrets in them (passwords, api_key=...) never leave the process (redact.ts).
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StrandError';
    this.code = code;
    // A JavaScript caller (or a cast) can still pass an undeclared code: it is then neither retriable nor fatal.
    const declared = isErrorCode(code) ? errorDeclaration(code) : undefined;
    this.retriable = declared?.retriable ?? false;
    this.fatal = declared?.fatal ?? false;
    this.details = redactDeep(options.details ?? {});
  }
}

/**
 * How `new StrandError(code, message, options)` is typed: the code must be declared, and the
 * deprecated `retriable` option must agree with its declaration. A subclass narrows the codes it
 * raises with a type argument: `class ChemError extends StrandError<ChemErrorCode>`.
 */
export interface StrandErrorConstructor {
  new <C extends ErrorCode = ErrorCode>(code: C, message: string, options?: StrandErrorOptions<C>): StrandErrorBase;
  readonly prototype: StrandErrorBase;
}

/** An error with a declared code; whether it is retriable or fatal follows from the code. */
export type StrandError = StrandErrorBase;
export const StrandError = StrandErrorBase as StrandErrorConstructor;

/** Every declared code by name, e.g. `ErrorCodes.PG_UNREACHABLE === 'PG_UNREACHABLE'`. */
export const ErrorCodes = Object.freeze(Object.fromEntries(Object.keys(errorCatalogue).map((code) => [code, code]))) as { readonly [C in ErrorCode]: C };

export interface ErrorDescription {
  code: ErrorCode;
  retriable: boolean;
  /** Authentication or authorization refused, or the configuration is wrong: stop the service. */
  fatal: boolean;
  message: string;
}

/**
 * Code, retriable, fatal and message of any error: ours (from the code's declaration) or a
 * library's (classified by classifyError from its type or driver code). An error that no rule
 * recognises is UNEXPECTED, with its class name kept in the message (e.g. "TypeError: ...").
 * The message is redacted (redact.ts): a library's error may name a URL with its password.
 */
export function describeError(err: unknown): ErrorDescription {
  const { code, retriable, fatal } = classifyError(err);
  if (!(err instanceof Error)) return { code, retriable, fatal, message: redact(String(err)) };
  const named = code === 'UNEXPECTED' && err.name !== 'Error' && !err.message.startsWith(`${err.name}:`);
  return { code, retriable, fatal, message: redact(named ? `${err.name}: ${err.message}` : err.message) };
}

export function isRetriable(err: unknown): boolean {
  return classifyError(err).retriable;
}
