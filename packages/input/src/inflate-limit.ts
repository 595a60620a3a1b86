import { Transform, type TransformCallback } from 'node:stream';

/** What bounds a gzip input's inflation (issue 11, item 3): a gzip bomb is refused, not inflated. */
export interface InflateLimits {
  /** Most inflated bytes per compressed byte, over the whole input (STRAND_INPUT_MAX_INFLATE_RATIO). */
  maxInflateRatio: number;
}

/** The ratio is judged only past this many inflated bytes: a tiny file's ratio says nothing. */
export const INFLATE_RATIO_FLOOR = 1 << 20;

/** The setting that raises the ratio, named in the error. */
export const INFLATE_RATIO_SETTING = 'STRAND_INPUT_MAX_INFLATE_RATIO';

/**
 * A limit broken by an input, with the code @strand/runtime declares for it (INPUT_TOO_LARGE, not
 * retriable). @strand/input depends on nothing, so it carries the code rather than a StrandError.
 */
export class InputLimitError extends Error {
  readonly code = 'INPUT_TOO_LARGE' as const;
  readonly retriable = false as const;

  constructor(message: string) {
    super(message);
    this.name = 'InputLimitError';
  }
}

/**
 * Two pass-through streams around a gunzip: `compressed` counts the bytes going in, `inflated` the
 * bytes coming out, and fails with InputLimitError as soon as the inflated bytes pass both
 * INFLATE_RATIO_FLOOR and `maxInflateRatio` times the compressed bytes read so far. Nothing is
 * buffered; the gunzip reads ahead, which only makes the ratio look smaller than it is.
 */
export function inflateRatioGuard(limits: InflateLimits, name: string): { compressed: Transform; inflated: Transform } {
  let compressedBytes = 0;
  let inflatedBytes = 0;
  const compressed = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      compressedBytes += chunk.length;
      done(null, chunk);
    },
  });
  const inflated = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      inflatedBytes += chunk.length;
      if (inflatedBytes > INFLATE_RATIO_FLOOR && inflatedBytes > limits.maxInflateRatio * compressedBytes) {
        done(new InputLimitError(
          `${name}: the gzip input inflates more than ${limits.maxInflateRatio} times (${inflatedBytes} bytes from the first ${compressedBytes} compressed bytes); reading stopped there (raise ${INFLATE_RATIO_SETTING} to accept it)`,
        ));
        return;
      }
      done(null, chunk);
    },
  });
  return { compressed, inflated };
}
