import {
  loadConfig, createLogger, createKafka, connectAdmin, connectProducer, ensureTopics, ValueCodec, withDeadline, produceBounded,
  type StrandConfig, type Logger, type PayloadStore, type TopicMessages,
} from '@strand/runtime';
import type { Kafka, Producer } from 'kafkajs';
import type pg from 'pg';
import { Redis } from 'ioredis';
import { connectPool, migrateDatabase, requireMigrated, pgPayloadStore } from '@strand/db';
import { topicCatalog, loadSchema, deadLetterTopic } from './catalog.js';
import { validateSources, type SourceDefinition } from './source.js';
import { controlTopicSpec } from './control-topic.js';
import { sourceMigrationsOf } from './source-migrations.js';

/**
 * What one pipeline process shares, whatever number of stages it hosts: validated config, logger,
 * one Kafka producer, one registry codec, one pg pool, one Redis client (opened on first use),
 * with every topic created, every schema registered and the database migrated, once.
 */
export interface PipelineContext {
  config: StrandConfig;
  logger: Logger;
  kafka: Kafka;
  producer: Producer;
  codec: ValueCodec;
  sources: readonly SourceDefinition[];
  /** Strand's database (schema migrated), for sinks, checkpoints and the payload store. */
  pool: pg.Pool;
  /** Where payloads over STRAND_MAX_MESSAGE_BYTES go instead of Kafka. */
  payloads: PayloadStore;
  deadLetterTopic: string;
  /** Produces in requests the broker accepts (acks=all); a failure is a retriable KAFKA_PRODUCE_FAILED. */
  produce(topicMessages: TopicMessages[]): Promise<void>;
  /** The process' Redis client (shared budgets, caches), connected on first use. */
  redis(): Promise<Redis>;
  close(): Promise<void>;
}

/** Connects to Kafka and the registry, creates missing topics, registers every topic's value schema, and checks the database is migrated (migrating it only when given STRAND_DATABASE_ADMIN_URL). */
export async function connectPipeline(serviceName: string, opts: { sources: readonly SourceDefinition[]; config?: StrandConfig; logger?: Logger }): Promise<PipelineContext> {
  const config = opts.config ?? loadConfig();
  const logger = opts.logger ?? createLogger(config.logLevel, { service: serviceName });
  const { sources } = opts;
  validateSources(sources);
  const kafka = createKafka(config, logger, `strand-${serviceName}`);
  const catalog = topicCatalog(config.topicPrefix, sources, { retentionHours: config.topicRetentionHours, partitions: config.topicPartitions });
  const admin = await connectAdmin(kafka, config);
  try {
    await ensureTopics(admin, [...catalog, controlTopicSpec(config.topicPrefix)]); // the control topic: `strand pause`
  } finally {
    await admin.disconnect();
  }
  const codec = new ValueCodec(config);
  await Promise.all(catalog.map((entry) => codec.register(entry.topic, loadSchema(entry.schemaFile))));
  // Services run no DDL (docs/security.md): `strand migrate` does, with an owner URL. Only a process given that URL
  // (STRAND_DATABASE_ADMIN_URL: development, the tests) migrates at start; the others check the schema is migrated.
  const sourceMigrations = sourceMigrationsOf(sources);
  if (config.databaseAdminUrl) await migrateDatabase(config, { log: (line) => logger.info(line), sourceMigrations });
  // A sink writes STRAND_SINK_PARTITIONS transactions at once per source; one more connection for checkpoints and payloads.
  const pool = await connectPool(config, { max: Math.max(4, config.sinkPartitions * sources.length + 1) });
  try {
    await requireMigrated(pool, config.dbSchema, sourceMigrations);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const producer = await connectProducer(kafka, config);
  let redis: Promise<Redis> | undefined;
  return {
    config, logger, kafka, producer, codec, pool, sources, payloads: pgPayloadStore(pool), deadLetterTopic: deadLetterTopic(config.topicPrefix),
    produce: (topicMessages) => produceBounded(producer, topicMessages, config.maxMessageBytes, '', config.kafkaCompression),
    redis: () => {
      redis ??= (async () => {
        const client = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
        client.on('error', (err) => logger.debug('redis error', { error: err.message }));
        await withDeadline(client.connect(), config.connectTimeoutMs, 'REDIS_UNREACHABLE', 'Redis');
        return client;
      })();
      return redis;
    },
    close: async () => {
      await producer.disconnect();
      await pool.end();
      if (redis) (await redis.catch(() => null))?.disconnect();
    },
  };
}
