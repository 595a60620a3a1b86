export interface AdaptiveBatchSizerOptions {
  min: number;
  max: number;
  initial: number;
  /** Multiplier after a fast success (default 1.5; always grows by at least 1). */
  growFactor?: number;
  /** Multiplier after a throttle signal (default 0.5). */
  shrinkFactor?: number;
  /** A success at or under this latency counts as fast and grows the batch. */
  fastMs: number;
}

/**
 * Batch size for requests to a throttling server (e.g. CIDs per PubChem property request):
 * grows multiplicatively while responses are fast, holds while they are slow, and shrinks
 * multiplicatively on a throttle signal (503 ServerBusy, 429, timeout). Always an integer in [min, max].
 */
export class AdaptiveBatchSizer {
  private current: number;
  private readonly min: number;
  private readonly max: number;
  private readonly growFactor: number;
  private readonly shrinkFactor: number;
  private readonly fastMs: number;

  constructor(opts: AdaptiveBatchSizerOptions) {
    if (!(opts.min >= 1 && opts.min <= opts.max)) throw new RangeError(`batch sizer: need 1 <= min (${opts.min}) <= max (${opts.max})`);
    this.min = Math.floor(opts.min);
    this.max = Math.floor(opts.max);
    this.growFactor = opts.growFactor ?? 1.5;
    this.shrinkFactor = opts.shrinkFactor ?? 0.5;
    if (!(this.growFactor >= 1) || !(this.shrinkFactor > 0 && this.shrinkFactor < 1)) {
      throw new RangeError(`batch sizer: need growFactor >= 1 and 0 < shrinkFactor < 1`);
    }
    this.fastMs = opts.fastMs;
    this.current = this.clamp(Math.round(opts.initial));
  }

  get size(): number {
    return this.current;
  }

  onSuccess(latencyMs: number): void {
    if (latencyMs > this.fastMs) return;
    this.current = this.clamp(Math.max(this.current + 1, Math.floor(this.current * this.growFactor)));
  }

  onThrottle(): void {
    this.current = this.clamp(Math.floor(this.current * this.shrinkFactor));
  }

  private clamp(n: number): number {
    return Math.min(this.max, Math.max(this.min, n));
  }
}
