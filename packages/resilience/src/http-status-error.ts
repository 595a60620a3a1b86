import { httpStatusErrorCode } from '@strand/runtime';
import { ResilienceError } from './errors.js';

/**
 * A response arrived but its status is not 2xx. Names the URL, status and the start of the body.
 * Its code follows the status: HTTP_UNAVAILABLE (408, 429, 5xx; retriable), AUTH_FAILED (401, 403;
 * fatal), HTTP_STATUS (any other; not retriable).
 */
export class HttpStatusError extends ResilienceError {
  readonly status: number;
  readonly url: string;
  /** From Retry-After, when the server sent one. */
  readonly retryAfterMs: number | null;
  /** The first bytes of the response body (e.g. PubChem's Fault JSON), for diagnosis. */
  readonly bodySnippet: string;

  constructor(opts: { status: number; url: string; retryAfterMs?: number | null; bodySnippet?: string; statusText?: string }) {
    const snippet = opts.bodySnippet ?? '';
    super(
      httpStatusErrorCode(opts.status, { unavailable: 'HTTP_UNAVAILABLE', rejected: 'HTTP_STATUS' }),
      `HTTP ${opts.status}${opts.statusText ? ` ${opts.statusText}` : ''} from ${opts.url}${snippet ? `: ${snippet}` : ''}`,
    );
    this.name = 'HttpStatusError';
    this.status = opts.status;
    this.url = opts.url;
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.bodySnippet = snippet;
  }
}
