import type { EachBatchPayload } from 'kafkajs';
import type { Logger } from './logger.js';
import { classifyError } from './classify-error.js';
import { StrandError } from './errors.js';

/** True for a kafkajs error saying the group moved on (rebalance, new generation, unknown member): rejoin and redo. */
export function isMembershipError(err: unknown): boolean {
  return classifyError(err).code === 'REBALANCED';
}

/**
 * The runner's hold on the partition of one batch while it works on it. It heartbeats on a timer
 * (so a long write or a stalled download never outlasts the session), notices when the group
 * moves on (rebalance, lost generation), and then aborts `signal` so the work stops early; the
 * uncommitted work is redone by the partition's next owner.
 */
export class PartitionLease {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private lostError: unknown = null;

  constructor(
    private readonly payload: EachBatchPayload,
    private readonly stopping: () => boolean,
    private readonly logger: Logger,
    intervalMs = 1000,
  ) {
    this.timer = setInterval(() => void this.heartbeat(), intervalMs);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get lost(): boolean {
    return this.lostError !== null;
  }

  /** Whether work on this batch should go on. */
  readonly keepGoing = (): boolean => this.lostError === null && !this.stopping() && this.payload.isRunning() && !this.payload.isStale();

  /** Heartbeats (kafkajs sends one only when the interval has passed); never rejects. */
  readonly heartbeat = async (): Promise<void> => {
    if (this.lostError !== null) return;
    try {
      await this.payload.heartbeat();
    } catch (err) {
      if (isMembershipError(err)) this.lose(err);
      else this.logger.debug('heartbeat failed', { error: (err as Error).message });
    }
  };

  /** Marks the partition lost (the group moved on) and aborts the work in progress. */
  lose(err: unknown): void {
    if (this.lostError !== null) return;
    this.lostError = err;
    this.logger.info('partition lost to a rebalance; uncommitted work will be redone', { topic: this.payload.batch.topic, partition: this.payload.batch.partition, reason: (err as Error).message });
    this.controller.abort(err);
  }

  /** Aborts the work in progress because the stage is stopping; nothing more is committed. */
  abortForStop(): void {
    if (!this.controller.signal.aborted) this.controller.abort(new StrandError('STOPPING', 'stage stopping'));
  }

  /** Throws the error that lost the partition (kafkajs rejoins the group when it sees it), if it was lost. */
  assertHeld(): void {
    if (this.lostError !== null) throw this.lostError;
  }

  /** The error to leave the batch with: the membership error if the partition was lost, else `fallback`. */
  reason(fallback: unknown): unknown {
    return this.lostError ?? fallback;
  }

  release(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (!this.controller.signal.aborted) this.controller.abort(new StrandError('STOPPING', 'batch released'));
  }
}
