import { ResilienceError, ResilienceErrorCodes } from './errors.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Named in errors and state-change events, e.g. "pubchem". */
  name: string;
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before it lets a probe through. */
  openMs: number;
  /** Concurrent probes allowed while half-open (default 1). */
  halfOpenMaxProbes?: number;
  /** Which errors count as failures of the dependency. Default: all but those marked `retriable: false` (a 404 means the server works). */
  isFailure?: (err: unknown) => boolean;
  now?: () => number;
}

export type StateChangeListener = (to: CircuitState, from: CircuitState) => void;

/** Thrown instead of calling the dependency while the circuit is open. Retriable: wait and try again. */
export class CircuitOpenError extends ResilienceError {
  readonly breaker: string;
  readonly probeAt: number;
  readonly retryAfterMs: number;
  constructor(breaker: string, probeAt: number, now: number) {
    const inMs = Math.max(0, probeAt - now);
    super(
      ResilienceErrorCodes.CIRCUIT_OPEN,
      `circuit "${breaker}" is open; next probe at ${new Date(probeAt).toISOString()} (in ${inMs} ms)`,
    );
    this.name = 'CircuitOpenError';
    this.breaker = breaker;
    this.probeAt = probeAt;
    this.retryAfterMs = inMs;
  }
}

function defaultIsFailure(err: unknown): boolean {
  return !(typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === false);
}

/**
 * closed -> open after `failureThreshold` consecutive failures; open -> half-open once `openMs` has
 * passed (checked lazily, on the next call or state read); half-open lets `halfOpenMaxProbes` calls
 * through: a success closes the circuit, a failure re-opens it for another `openMs`.
 */
export class CircuitBreaker {
  readonly name: string;
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly maxProbes: number;
  private readonly isFailure: (err: unknown) => boolean;
  private readonly now: () => number;
  private current: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probesInFlight = 0;
  private readonly listeners = new Set<StateChangeListener>();

  constructor(opts: CircuitBreakerOptions) {
    if (!(opts.failureThreshold >= 1) || !(opts.openMs >= 0)) {
      throw new RangeError(`circuit "${opts.name}": failureThreshold must be >= 1 and openMs >= 0`);
    }
    this.name = opts.name;
    this.failureThreshold = opts.failureThreshold;
    this.openMs = opts.openMs;
    this.maxProbes = opts.halfOpenMaxProbes ?? 1;
    this.isFailure = opts.isFailure ?? defaultIsFailure;
    this.now = opts.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.current === 'open' && this.now() >= this.openedAt + this.openMs) this.transition('half-open');
    return this.current;
  }

  /** Subscribes to transitions; returns the unsubscribe function. */
  onStateChange(cb: StateChangeListener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Throws CircuitOpenError if run() would refuse a call right now (e.g. before spending a rate-limit permit). */
  check(): void {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.probesInFlight >= this.maxProbes)) {
      throw new CircuitOpenError(this.name, this.openedAt + this.openMs, this.now());
    }
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.check();
    const state = this.current;
    const isProbe = state === 'half-open';
    if (isProbe) this.probesInFlight++;
    try {
      const result = await fn();
      this.recordSuccess();
      return result;
    } catch (err) {
      if (this.isFailure(err)) this.recordFailure(isProbe);
      else this.recordSuccess();
      throw err;
    } finally {
      if (isProbe) this.probesInFlight--;
    }
  }

  private recordSuccess(): void {
    this.consecutiveFailures = 0;
    if (this.current !== 'closed') this.transition('closed');
  }

  private recordFailure(isProbe: boolean): void {
    this.consecutiveFailures++;
    const shouldOpen = isProbe || this.current === 'half-open' || (this.current === 'closed' && this.consecutiveFailures >= this.failureThreshold);
    if (shouldOpen) {
      this.openedAt = this.now();
      this.transition('open');
    }
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    if (to === 'closed') this.consecutiveFailures = 0;
    for (const cb of this.listeners) cb(to, from);
  }
}
