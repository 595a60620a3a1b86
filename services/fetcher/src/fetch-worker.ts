import { createHash } from 'node:crypto';
import { join, isAbsolute } from 'node:path';
import { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import { describeError, retryForever, withDeadline, deadLetterOf } from '@strand/runtime';
import type { PipelineContext, GenbankFetchRequest } from '@strand/pipeline';
import { openSource, maybeGunzip, type OpenedSource } from './open-source.js';
import { publishGenbank, type PublishProgress } from './publish-genbank.js';
import { FetchCheckpoints } from './fetch-checkpoints.js';
import { resumableDownload } from './ncbi/resumable-download.js';
import { EutilsClient } from './ncbi/eutils-client.js';

export interface FetchWorkerOptions {
  /** Where partial downloads are kept between restarts. */
  spoolDir?: string;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/**
 * The long-running fetcher: consumes fetch requests and streams each into the raw topic.
 * - a file or URL (a release division file): download with HTTP Range resume through a local
 *   spool, gunzip and split as bytes arrive, and save a checkpoint in Kafka after every
 *   acknowledged batch, so a restart skips what was published instead of starting over;
 * - an id batch: one E-utilities efetch (rate-limited across instances, retried, circuit-broken).
 * A request's offset is committed only when all its records are acknowledged; more instances in
 * the group share the requests.
 */
export async function runFetchWorker(ctx: PipelineContext, opts: FetchWorkerOptions = {}): Promise<{ stop(): Promise<void> }> {
  const { config, kafka, codec, producer, topics } = ctx;
  const logger = ctx.logger.child({ stage: 'fetcher' });
  const spoolDir = opts.spoolDir ?? (isAbsolute(config.stateDir) ? join(config.stateDir, 'spool') : join(process.cwd(), config.stateDir, 'spool'));
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await withDeadline(redis.connect(), config.connectTimeoutMs, 'REDIS_UNREACHABLE', `Redis ${config.redisUrl}`);
  const eutils = new EutilsClient({ baseUrl: config.ncbiEutilsUrl, apiKey: config.ncbiApiKey, redis, budgetKey: config.rateLimitKey });
  const checkpoints = new FetchCheckpoints(ctx);
  await checkpoints.start();
  // A short session so a crashed fetcher's requests move to another instance quickly; long downloads heartbeat as bytes arrive.
  const consumer = kafka.consumer({ groupId: `${config.topicPrefix}.fetcher`, sessionTimeout: 15_000, heartbeatInterval: 3_000 });
  let running = true;
  await withDeadline(consumer.connect(), config.connectTimeoutMs, 'KAFKA_UNREACHABLE', `Kafka broker ${config.kafkaBrokers.join(', ')}`);
  await consumer.subscribe({ topics: [topics.genbankFetch], fromBeginning: true });

  const publish = (source: OpenedSource, extra: { resumeAt?: number; onFlushed?: (p: PublishProgress) => Promise<void> }, heartbeat: () => Promise<void>) =>
    publishGenbank({ producer, codec, topic: topics.genbankRaw, source, maxMessageBytes: config.maxMessageBytes, payloads: ctx.payloads, onProgress: () => void heartbeat(), ...extra });

  const handleSource = async (request: GenbankFetchRequest, heartbeat: () => Promise<void>): Promise<PublishProgress> => {
    const previous = await checkpoints.get(request.requestId);
    if (previous?.done) return { records: 0, skipped: previous.records, bytes: previous.publishedBytes };
    const resumeAt = previous?.publishedBytes ?? 0;
    if (resumeAt > 0) logger.info('resuming fetch', { requestId: request.requestId, source: request.source, publishedBytes: resumeAt, records: previous?.records });
    let source: OpenedSource;
    if (isUrl(request.source)) {
      const spoolPath = join(spoolDir, createHash('sha256').update(request.source).digest('hex').slice(0, 32));
      const chunks = resumableDownload({ url: request.source, spoolPath, policy: { timeoutMs: 120_000, retry: { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 20_000 } }, onProgress: () => void heartbeat().catch(() => undefined) });
      source = { uri: request.source, stream: await maybeGunzip(Readable.from(chunks, { objectMode: false })), totalBytes: null };
    } else {
      source = await openSource(request.source);
    }
    const before = previous?.records ?? 0;
    const result = await publish(source, {
      resumeAt,
      onFlushed: (p) => checkpoints.save({ requestId: request.requestId, source: request.source, publishedBytes: p.bytes, records: before + p.records, done: false, updatedAt: Date.now() }),
    }, heartbeat);
    await checkpoints.save({ requestId: request.requestId, source: request.source, publishedBytes: result.bytes, records: before + result.records, done: true, updatedAt: Date.now() });
    return result;
  };

  const handleIds = async (request: GenbankFetchRequest, heartbeat: () => Promise<void>): Promise<PublishProgress> => {
    const stream = await eutils.fetchGenbank(request.ids);
    return publish({ uri: `efetch:${request.ids[0]}+${request.ids.length - 1}`, stream, totalBytes: null }, {}, heartbeat);
  };

  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message, heartbeat }) => {
      if (!message.value) return;
      const request = await codec.decode<GenbankFetchRequest>(message.value, `${topic}[${partition}]@${message.offset}`);
      logger.info('fetch request', { requestId: request.requestId, source: request.source, ids: request.ids.length });
      try {
        const result = await retryForever(() => (request.ids.length > 0 ? handleIds(request, heartbeat) : handleSource(request, heartbeat)), {
          what: `fetch request ${request.requestId}`, logger, keepGoing: () => running, between: heartbeat,
        });
        logger.info('fetch done', { requestId: request.requestId, records: result.records, skipped: result.skipped });
      } catch (err) {
        if (!running) throw err; // stopping: leave the request uncommitted for the next owner
        // The request itself is bad (not GenBank, missing file, 404): report it and move on.
        logger.error('fetch request failed', { requestId: request.requestId, source: request.source, ...describeError(err) });
        const dl = deadLetterOf('fetcher', { topic, partition, message }, err);
        await producer.send({ topic: topics.deadLetter, acks: -1, messages: [{ key: request.requestId, value: await codec.encode(topics.deadLetter, dl) }] });
      }
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
  return {
    stop: async () => {
      running = false;
      await consumer.disconnect();
      await checkpoints.stop();
      redis.disconnect();
    },
  };
}
