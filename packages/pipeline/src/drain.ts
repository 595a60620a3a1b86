import type { Admin } from 'kafkajs';
import { sleep, describeError } from '@strand/runtime';

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: bigint;
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
    return { topic, partition: e.partition, committed: c, end, lag: end - from > 0n ? end - from : 0n };
  });
}

export interface DrainStep {
  groupId: string;
  topic: string;
}

/**
 * Waits until each group in turn has committed everything its topic holds. Because every stage
 * commits only after its output is durable, a drained chain means every record reached the end.
 */
export async function waitForDrain(admin: Admin, steps: DrainStep[], opts: { timeoutMs: number; onWait?: (step: DrainStep, lag: bigint) => void; pollMs?: number }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (const step of steps) {
    for (;;) {
      let lag: bigint;
      try {
        lag = (await groupLag(admin, step.groupId, step.topic)).reduce((sum, p) => sum + p.lag, 0n);
      } catch (err) {
        // The group coordinator may be loading or moving; that passes.
        if (!describeError(err).retriable || Date.now() > deadline) throw err;
        await sleep(opts.pollMs ?? 300);
        continue;
      }
      if (lag === 0n) break;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for group ${step.groupId} on ${step.topic}: ${lag} messages still unprocessed`);
      opts.onWait?.(step, lag);
      await sleep(opts.pollMs ?? 300);
    }
  }
}
