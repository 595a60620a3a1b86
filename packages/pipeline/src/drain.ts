import type { Admin } from 'kafkajs';
import { StrandError, isRetriable, retry, type RetryPolicy } from '@strand/runtime';

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: bigint;
  /** Where the group reads next: its committed offset, or the log start when it has committed none. */
  position: bigint;
  end: bigint;
  lag: bigint;
}

/** Lag of a consumer group on a topic, per partition: end offset minus committed offset (nothing committed counts from the start). */
export async function groupLag(admin: Admin, groupId: string, topic: string): Promise<PartitionLag[]> {
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const byPartition = new Map<number, string>();
  for (const t of committed) for (const p of t.partitions) byPartition.set(p.partition, p.offset);
  return ends.map((e) => {
    const end = BigInt(e.high);
    const low = BigInt(e.low);
    const c = BigInt(byPartition.get(e.partition) ?? '-1');
    const from = c < 0n ? low : c;
    return { topic, partition: e.partition, committed: c, position: from, end, lag: end - from > 0n ? end - from : 0n };
  });
}

export interface DrainStep {
  groupId: string;
  topic: string;
}

/** The lag seen on a poll that found work left; a failed attempt for retry(), retried until the deadline. */
class NotDrained extends Error {
  constructor(readonly step: DrainStep, readonly lag: bigint) {
    super(`Timed out waiting for group ${step.groupId} on ${step.topic}: ${lag} messages still unprocessed`);
    this.name = 'NotDrained';
  }
}

/**
 * Waits until each group in turn has committed everything its topic holds. Because every stage
 * commits only after its output is durable, a drained chain means every record reached the end.
 * Polling is the one retry() of @strand/runtime until the deadline: a poll that finds lag, or fails
 * with a retriable error (the group coordinator may be loading or moving, which passes), is tried
 * again after up to `pollMs` (default 300); a non-retriable error is thrown at once. At the deadline
 * it throws TIMEOUT naming the group and its lag, or the last retriable error.
 */
export async function waitForDrain(admin: Admin, steps: DrainStep[], opts: { timeoutMs: number; onWait?: (step: DrainStep, lag: bigint) => void; pollMs?: number }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const pollMs = opts.pollMs ?? 300;
  const policy: RetryPolicy = { maxAttempts: Infinity, baseDelayMs: pollMs, maxDelayMs: pollMs };
  for (const step of steps) {
    try {
      await retry(
        async () => {
          const lag = (await groupLag(admin, step.groupId, step.topic)).reduce((sum, p) => sum + p.lag, 0n);
          if (lag > 0n) throw new NotDrained(step, lag);
        },
        policy,
        {
          keepGoing: () => Date.now() <= deadline,
          isRetriable: (err) => err instanceof NotDrained || isRetriable(err),
          onRetry: (err) => {
            if (err instanceof NotDrained) opts.onWait?.(step, err.lag);
          },
        },
      );
    } catch (err) {
      if (err instanceof NotDrained) throw new StrandError('TIMEOUT', err.message, { details: { groupId: step.groupId, topic: step.topic, lag: String(err.lag) } });
      throw err;
    }
  }
}
