import { Redis } from 'ioredis';
import type { Message } from 'kafkajs';
import { StrandError, describeError, retryForever, withDeadline, outgoingValue, deadLetterOf } from '@strand/runtime';
import type { PipelineContext, PubchemFetchRequest, PubchemRawValue } from '@strand/pipeline';
import { CidCache } from './cid-cache.js';
import { PugRestClient, type PugRestClientOptions } from './pug-rest-client.js';
import { runPubchemFetchJob } from './pubchem-fetch-job.js';

export interface PubchemFetchWorkerOptions {
  /** Shared-budget key; default `<topic prefix>:pubchem`, so every instance of one deployment shares it. */
  limiterKey?: string;
  /** Cache key prefix; default `<topic prefix>:pubchem:cache`. */
  cachePrefix?: string;
  cacheTtlSeconds?: number;
  /** Client settings (timeouts, retry, breaker, windows, batch bounds) for tests and tuning. */
  client?: Partial<Omit<PugRestClientOptions, 'baseUrl' | 'redis' | 'limiterKey'>>;
}

export interface PubchemFetchWorker {
  client: PugRestClient;
  stop(): Promise<void>;
}

/**
 * The PubChem fetcher: consumes the pubchem.requests topic (group `<prefix>.pubchem-fetcher`) and
 * publishes one raw payload per CID and format to pubchem.raw. A request's offset is committed
 * only after all its payloads (and dead letters for what PubChem does not know) are acknowledged:
 * committed offsets are the checkpoints. Outages (PubChem down, Redis or Kafka unreachable) are
 * retried for as long as the worker runs; a malformed request goes to the dead-letter topic.
 */
export async function runPubchemFetchWorker(ctx: PipelineContext, opts: PubchemFetchWorkerOptions = {}): Promise<PubchemFetchWorker> {
  const { config, kafka, codec, producer, topics } = ctx;
  const logger = ctx.logger.child({ stage: 'pubchem-fetcher' });
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await withDeadline(redis.connect(), config.connectTimeoutMs, 'REDIS_UNREACHABLE', `Redis ${config.redisUrl}`);
  const stopping = new AbortController();
  const client = new PugRestClient({
    baseUrl: config.pubchemUrl, redis, limiterKey: opts.limiterKey ?? `${config.rateLimitKey}:pubchem`, logger, signal: stopping.signal, ...opts.client,
  });
  const cache = new CidCache(redis, { prefix: opts.cachePrefix ?? `${config.topicPrefix}:pubchem:cache`, ttlSeconds: opts.cacheTtlSeconds ?? 7 * 24 * 3600 });
  // A long session: one request can wait out PubChem's limits and retries; progress() heartbeats between batches.
  const consumer = kafka.consumer({ groupId: `${config.topicPrefix}.pubchem-fetcher`, sessionTimeout: 60_000, heartbeatInterval: 3_000 });
  let running = true;
  await withDeadline(consumer.connect(), config.connectTimeoutMs, 'KAFKA_UNREACHABLE', `Kafka broker ${config.kafkaBrokers.join(', ')}`);
  await consumer.subscribe({ topics: [topics.pubchemRequests], fromBeginning: true });

  const send = async (messages: Message[], topic: string): Promise<void> => {
    try {
      await producer.send({ topic, acks: -1, messages });
    } catch (err) {
      throw new StrandError('KAFKA_PRODUCE_FAILED', `Publishing to ${topic} failed: ${describeError(err).message}`, { retriable: true, cause: err });
    }
  };

  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message, heartbeat }) => {
      if (!message.value) return;
      const where = `${topic}[${partition}]@${message.offset}`;
      const deadLetter = (key: string | null, errorCode: string, reason: string, value: Buffer | null): Promise<void> => {
        const dl = deadLetterOf('pubchem-fetcher', { topic, partition, message }, new StrandError(errorCode, reason), { key, value });
        return codec.encode(topics.deadLetter, dl).then((value) => send([{ key, value }], topics.deadLetter));
      };
      try {
        const request = await codec.decode<PubchemFetchRequest>(message.value, where);
        logger.info('pubchem fetch request', { requestId: request.requestId, cids: request.cids.length, range: request.cidRange, names: request.names.length, smiles: request.smiles.length, formats: request.formats });
        const result = await retryForever(() => runPubchemFetchJob(request, client, cache, {
          publish: async (raws: PubchemRawValue[]) => {
            const messages: Message[] = [];
            for (const raw of raws) {
              const key = String(raw.cids[0]);
              const { value, headers } = await outgoingValue(await codec.encode(topics.pubchemRaw, raw), config.maxMessageBytes, ctx.payloads, `PubChem ${raw.format} for CID ${key}`);
              messages.push({ key, value, headers });
            }
            await send(messages, topics.pubchemRaw);
          },
          notFound: (key, reason) => {
            logger.warn('not in PubChem', { key, reason });
            return deadLetter(key, 'PUBCHEM_NOT_FOUND', reason, null);
          },
          progress: heartbeat,
        }), { what: `PubChem fetch request ${request.requestId}`, logger, keepGoing: () => running, between: heartbeat });
        logger.info('pubchem fetch done', { requestId: request.requestId, ...result, batchSizes: Object.fromEntries(Object.entries(client.sizers).map(([f, s]) => [f, s.size])) });
      } catch (err) {
        if (!running) throw err; // stopping: leave the request uncommitted for the next owner
        const { code, message: reason } = describeError(err);
        logger.error('pubchem fetch request failed', { where, code, reason });
        await retryForever(() => deadLetter(message.key?.toString() ?? null, code, reason, message.value), { what: 'dead-lettering a PubChem request', logger, keepGoing: () => running });
      }
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
  return {
    client,
    stop: async () => {
      running = false;
      stopping.abort(new StrandError('STOPPING', 'PubChem fetcher stopping', { retriable: false }));
      await consumer.disconnect();
      redis.disconnect();
    },
  };
}
