import { StrandError } from '@strand/runtime';

/** How much one download may bring, and how long it may go without a byte (issue 11, item 3). */
export interface DownloadLimits {
  /** Most bytes of one download (STRAND_FETCH_MAX_DOWNLOAD_BYTES). */
  maxBytes: number;
  /** No byte for this long aborts the request; a resumable download reconnects from its last byte (STRAND_FETCH_STALL_TIMEOUT_MS). */
  stallTimeoutMs: number;
}

export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = { maxBytes: 8 * 1024 ** 3, stallTimeoutMs: 60_000 };

const SIZE_SETTING = 'STRAND_FETCH_MAX_DOWNLOAD_BYTES';
const STALL_SETTING = 'STRAND_FETCH_STALL_TIMEOUT_MS';

/** The limits of the configuration. */
export function downloadLimitsOf(config: { fetchMaxDownloadBytes: number; fetchStallTimeoutMs: number }): DownloadLimits {
  return { maxBytes: config.fetchMaxDownloadBytes, stallTimeoutMs: config.fetchStallTimeoutMs };
}

/** A size limit and the setting that raises it (STRAND_FETCH_MAX_DOWNLOAD_BYTES unless said otherwise). */
export type SizeLimit = Pick<DownloadLimits, 'maxBytes'> & { setting?: string };

/** Refuses, before a byte is spooled, a download whose announced length is over the limit (INPUT_TOO_LARGE, not retried). */
export function checkAnnouncedLength(url: string, announced: number, limits: SizeLimit): void {
  if (announced <= limits.maxBytes) return;
  const setting = limits.setting ?? SIZE_SETTING;
  throw new StrandError('INPUT_TOO_LARGE', `${url} announces ${announced} bytes (Content-Length), more than the download limit of ${limits.maxBytes} bytes; nothing was downloaded (raise ${setting} to accept it)`, {
    details: { url, announced, limit: limits.maxBytes, setting },
  });
}

/**
 * A response's body within a size limit: refused before a byte is read when its announced
 * Content-Length is over it (the body is cancelled), cut off when more than that arrives (capBytes).
 * `what` names it in errors (not a URL that carries a secret).
 */
export async function boundedBody(res: Response, what: string, limits: SizeLimit): Promise<AsyncGenerator<Uint8Array>> {
  if (!res.body) throw new StrandError('DOWNLOAD_FAILED', `${what}: empty response body`);
  const announced = Number(res.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > 0) {
    try {
      checkAnnouncedLength(what, announced, limits);
    } catch (err) {
      await res.body.cancel().catch(() => undefined);
      throw err;
    }
  }
  return capBytes(res.body as AsyncIterable<Uint8Array>, what, limits);
}

/**
 * Passes a body's bytes on, failing with INPUT_TOO_LARGE as soon as they pass the limit, whatever the
 * server announced (a body without Content-Length, or one longer than it said).
 */
export async function* capBytes(body: AsyncIterable<Uint8Array>, url: string, limits: SizeLimit): AsyncGenerator<Uint8Array> {
  const setting = limits.setting ?? SIZE_SETTING;
  let received = 0;
  for await (const chunk of body) {
    received += chunk.byteLength;
    if (received > limits.maxBytes) {
      throw new StrandError('INPUT_TOO_LARGE', `${url}: the body went past the download limit of ${limits.maxBytes} bytes; reading stopped there (raise ${setting} to accept it)`, {
        details: { url, limit: limits.maxBytes, setting },
      });
    }
    yield chunk;
  }
}

/** A timer that aborts its signal when `touch()` has not been called for `ms`: a stalled request. */
export interface StallWatch {
  readonly signal: AbortSignal;
  touch(): void;
  stop(): void;
}

/**
 * Starts a stall watch for one request: it aborts with a retriable DOWNLOAD_FAILED naming the URL,
 * the byte it stalled at and the setting. The timer is unref'd, so it never keeps a process alive.
 */
export function stallWatch(url: string, limits: Pick<DownloadLimits, 'stallTimeoutMs'>, at: () => number): StallWatch {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new StrandError('DOWNLOAD_FAILED', `${url}: no byte for ${limits.stallTimeoutMs} ms (request from byte ${at()}); aborted, to be resumed from the last byte received (${STALL_SETTING})`)), limits.stallTimeoutMs);
    timer.unref();
  };
  arm();
  return {
    signal: controller.signal,
    touch: () => { if (!controller.signal.aborted) arm(); },
    stop: () => clearTimeout(timer),
  };
}
