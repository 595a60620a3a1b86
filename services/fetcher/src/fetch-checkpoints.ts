import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { sleep } from '@strand/runtime';
import type { PipelineContext, GenbankFetchCheckpoint } from '@strand/pipeline';

/**
 * Fetch progress kept in Kafka: a compacted topic keyed by request id. Each fetcher tails it, so
 * whichever instance picks a request up (after a crash or a rebalance) sees how far it got.
 */
export class FetchCheckpoints {
  private readonly latest = new Map<string, GenbankFetchCheckpoint>();
  private readonly position = new Map<number, bigint>();
  private consumer: Consumer | null = null;

  constructor(private readonly ctx: PipelineContext) {}

  async start(): Promise<void> {
    const { kafka, topics, codec } = this.ctx;
    // A private group per instance: every instance reads the whole topic; its offsets are never used.
    this.consumer = kafka.consumer({ groupId: `${this.ctx.config.topicPrefix}.fetcher.checkpoints.${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topics.genbankFetchCheckpoints], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (message.value) {
          const cp = await codec.decode<GenbankFetchCheckpoint>(message.value, topics.genbankFetchCheckpoints);
          this.latest.set(cp.requestId, cp);
        }
        this.position.set(partition, BigInt(message.offset) + 1n);
      },
    });
  }

  /** The newest checkpoint of a request, after catching up with everything written so far. */
  async get(requestId: string): Promise<GenbankFetchCheckpoint | null> {
    const admin = this.ctx.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(this.ctx.topics.genbankFetchCheckpoints);
      for (;;) {
        const behind = ends.some((e) => BigInt(e.high) > (this.position.get(e.partition) ?? BigInt(e.low)));
        if (!behind) break;
        await sleep(50);
      }
    } finally {
      await admin.disconnect();
    }
    return this.latest.get(requestId) ?? null;
  }

  async save(cp: GenbankFetchCheckpoint): Promise<void> {
    const topic = this.ctx.topics.genbankFetchCheckpoints;
    await this.ctx.producer.send({ topic, acks: -1, messages: [{ key: cp.requestId, value: await this.ctx.codec.encode(topic, cp) }] });
    this.latest.set(cp.requestId, cp);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
