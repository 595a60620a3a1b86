import { describeError, retryForever, withDeadline } from '@strand/runtime';
import type { PipelineContext, GenbankFetchRequest } from '@strand/pipeline';
import { openSource } from './open-source.js';
import { publishGenbank } from './publish-genbank.js';

/**
 * The long-running fetcher: consumes fetch requests (one per file or URL) and streams each into
 * the raw topic. A request's offset is committed only after all of its records are acknowledged,
 * so a crash redoes the request (the sink skips records it already holds). More instances in the
 * group share the requests.
 */
export async function runFetchWorker(ctx: PipelineContext): Promise<{ stop(): Promise<void> }> {
  const { config, kafka, codec, producer, topics } = ctx;
  const logger = ctx.logger.child({ stage: 'fetcher' });
  const consumer = kafka.consumer({ groupId: `${config.topicPrefix}.fetcher`, sessionTimeout: 60_000 });
  let running = true;
  await withDeadline(consumer.connect(), config.connectTimeoutMs, 'KAFKA_UNREACHABLE', `Kafka broker ${config.kafkaBrokers.join(', ')}`);
  await consumer.subscribe({ topics: [topics.genbankFetch], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message, heartbeat }) => {
      if (!message.value) return;
      const request = await codec.decode<GenbankFetchRequest>(message.value, `${topic}[${partition}]@${message.offset}`);
      logger.info('fetch request', { requestId: request.requestId, source: request.source });
      try {
        const result = await retryForever(async () => {
          const source = await openSource(request.source);
          return publishGenbank({ producer, codec, topic: topics.genbankRaw, source, maxMessageBytes: config.maxMessageBytes, payloads: ctx.payloads, onProgress: () => void heartbeat() });
        }, { what: `fetching ${request.source}`, logger, keepGoing: () => running, between: heartbeat });
        logger.info('fetch done', { requestId: request.requestId, records: result.records, bytes: result.bytes });
      } catch (err) {
        // The request itself is bad (not GenBank, missing file): report and move on; nothing was published.
        logger.error('fetch request failed', { requestId: request.requestId, source: request.source, ...describeError(err) });
      }
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
  return { stop: async () => { running = false; await consumer.disconnect(); } };
}
