import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { runConsumer } from './consume.js';

/** Offsets `[from, end)` of one partition to read. */
export interface PartitionRange {
  partition: number;
  from: bigint;
  end: bigint;
}

/**
 * Reads the given offset ranges of a topic once, in order per partition, without committing
 * anything (a throw-away group), for operator commands such as `strand dlq list`.
 */
export async function readTopicRanges(kafka: Kafka, topic: string, ranges: PartitionRange[], onMessage: (partition: number, message: KafkaMessage) => Promise<void>, opts: { groupPrefix?: string } = {}): Promise<void> {
  const wanted = ranges.filter((r) => r.end > r.from);
  if (wanted.length === 0) return;
  const consumer = kafka.consumer({ groupId: `${opts.groupPrefix ?? 'strand.reader'}.${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic] });
    const remaining = new Set(wanted.map((w) => w.partition));
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => { for (const w of wanted) consumer.seek({ topic, partition: w.partition, offset: w.from.toString() }); });
      runConsumer(consumer, {
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const w = wanted.find((x) => x.partition === partition);
          if (!w || !remaining.has(partition)) return;
          const offset = BigInt(message.offset);
          if (offset < w.from) return;
          await onMessage(partition, message);
          if (offset + 1n >= w.end) { remaining.delete(partition); if (remaining.size === 0) resolve(); }
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}
