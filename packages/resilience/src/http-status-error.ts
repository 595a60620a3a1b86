import { ResilienceError, ResilienceErrorCodes } from './errors.js';

/** 408 Request Timeout, 429 Too Many Requests and every 5xx are worth another attempt. */
export function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A response arrived but its status is not 2xx. Names the URL, status and the start of the body. */
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
      ResilienceErrorCodes.HTTP_STATUS,
      `HTTP ${opts.status}${opts.statusText ? ` ${opts.statusText}` : ''} from ${opts.url}${snippet ? `: ${snippet}` : ''}`,
      { retriable: isRetriableStatus(opts.status) },
    );
    this.name = 'HttpStatusError';
    this.status = opts.status;
    this.url = opts.url;
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.bodySnippet = snippet;
  }
}
