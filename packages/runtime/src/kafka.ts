// Must come before 'kafkajs': it replaces kafkajs' JavaScript CRC-32C with a native one (see the module).
import './kafkajs-native-crc32c.js';
import './kafkajs-encoder-growth.js';
import { Kafka, Partitioners, logLevel as KafkaLogLevel, type Admin, type Producer, type ITopicConfig, type logCreator } from 'kafkajs';
import { StrandError, describeError, isRetriable } from './errors.js';
import { dependencyErrorCode } from './classify-error.js';
import { errorDeclaration } from './error-codes.js';
import { withDeadline } from './deadline.js';
import { retry } from './retry.js';
import type { Logger } from './logger.js';
import type { StrandConfig } from './config.js';
import { kafkaClientSecurity, describeKafkaSecurity, reportingSocketFactory } from './kafka-security.js';

const levelNames: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/** Routes kafkajs' own logs into ours; its connection-error chatter goes to debug, our errors say it better. */
function kafkaLogCreator(logger: Logger): logCreator {
  return () => ({ level, log }) => {
    const name = levelNames[level] ?? 'info';
    const { message, ...rest } = log;
    // Connection errors are reported by our own errors, which name the broker; a crash, a restart and an error
    // left out of a batch are reported by the stage runner with their cause (warn or error); a rebalance is
    // routine. Known advisories are noise.
    const quiet = (name === 'error' && /Connection error|connect|Crash|coordinator|Restarting the consumer|Error when calling eachBatch|does not host this topic-partition/i.test(`${String(message)} ${String(rest.error ?? '')}`))
      || (name === 'warn' && /partitioner|Limiting retries for the idempotent producer|The group is rebalancing/i.test(String(message)));
    logger[quiet ? 'debug' : name === 'info' ? 'debug' : name](`kafkajs: ${message}`, rest);
  };
}

export function createKafka(config: StrandConfig, logger: Logger, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: config.kafkaBrokers,
    // TLS and SASL (STRAND_KAFKA_SSL*, STRAND_KAFKA_SASL_*), validated by loadConfig.
    ...kafkaClientSecurity(config.kafkaSecurity),
    socketFactory: reportingSocketFactory((message, fields) => logger.error(message, fields)),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, maxRetryTime: 3000, retries: 8 },
    logLevel: KafkaLogLevel.INFO,
    logCreator: kafkaLogCreator(logger),
  });
}

/**
 * The error for a failed connect: AUTH_FAILED when the broker refused our credentials or
 * permissions (fatal), KAFKA_UNREACHABLE for anything retriable (no broker answers), else the
 * refusal's own code (e.g. KAFKA_REJECTED).
 */
function connectFailure(config: StrandConfig, cause: unknown): StrandError {
  const brokers = config.kafkaBrokers.join(', ');
  const reason = describeError(cause).message;
  const code = dependencyErrorCode(cause, 'KAFKA_UNREACHABLE');
  const details = { brokers: config.kafkaBrokers };
  if (code === 'AUTH_FAILED') return new StrandError(code, `Kafka broker ${brokers} refused our credentials or permissions (${reason}); we connected over ${describeKafkaSecurity(config.kafkaSecurity)}: check STRAND_KAFKA_SASL_USERNAME, STRAND_KAFKA_SASL_PASSWORD and STRAND_KAFKA_SASL_MECHANISM`, { cause, details });
  if (errorDeclaration(code).retriable) {
    return new StrandError('KAFKA_UNREACHABLE', `Kafka broker ${brokers} unreachable (${reason}). Is the stack up? Try \`strand stack status\`.`, { cause, details });
  }
  return new StrandError(code, `Connecting to Kafka broker ${brokers} failed (${reason})`, { cause, details });
}

/** Connects an admin client and proves the broker answers (a metadata call), or fails naming the broker address within the connect timeout. */
export async function connectAdmin(kafka: Kafka, config: StrandConfig): Promise<Admin> {
  const admin = kafka.admin();
  try {
    await withDeadline(
      (async () => { await admin.connect(); await admin.describeCluster(); })(),
      config.connectTimeoutMs, 'KAFKA_UNREACHABLE', `Kafka broker ${config.kafkaBrokers.join(', ')}`,
    );
    return admin;
  } catch (err) {
    await admin.disconnect().catch(() => undefined);
    throw connectFailure(config, err);
  }
}

/** An idempotent producer whose sends are acknowledged by all in-sync replicas before they resolve. */
export async function connectProducer(kafka: Kafka, config: StrandConfig): Promise<Producer> {
  // metadataMaxAge: partitions added to a running pipeline (`strand topics grow`) are written to within STRAND_KAFKA_METADATA_MAX_AGE_MS.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner, metadataMaxAge: config.kafkaMetadataMaxAgeMs });
  try {
    await withDeadline(producer.connect(), config.connectTimeoutMs, 'KAFKA_UNREACHABLE', `Kafka broker ${config.kafkaBrokers.join(', ')}`);
    return producer;
  } catch (err) {
    await producer.disconnect().catch(() => undefined);
    throw connectFailure(config, err);
  }
}

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  configEntries?: ITopicConfig['configEntries'];
}

/** About 15 s of polling for the leaders of new topics (metadata not known yet is retriable). */
const leaderWait = { maxAttempts: 60, baseDelayMs: 50, maxDelayMs: 500 };

/** Creates the topics that do not exist yet; existing ones are left as they are. */
export async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.topic));
  if (missing.length === 0) return;
  try {
    // Leaders are awaited below: kafkajs' own wait gives up on "does not host this topic-partition", which a
    // just-created topic answers for a moment on a fresh broker.
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((s) => ({ topic: s.topic, numPartitions: s.numPartitions, replicationFactor: 1, configEntries: s.configEntries ?? [] })),
    });
  } catch (err) {
    // Another instance may have created them at the same moment.
    const now = new Set(await admin.listTopics());
    if (missing.some((s) => !now.has(s.topic))) throw err;
  }
  // New topics take a moment to be served everywhere; a produce in that gap fails with "does not host this topic-partition".
  const topics = missing.map((s) => s.topic);
  try {
    await retry(async () => {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      const led = meta.length === topics.length && meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (!led) throw new StrandError('KAFKA_TOPICS_NOT_READY', `Topics ${topics.join(', ')} were created but have no leader yet`);
    }, leaderWait);
  } catch (err) {
    if (!isRetriable(err) || (err instanceof StrandError && err.code === 'KAFKA_TOPICS_NOT_READY')) throw err;
    throw new StrandError('KAFKA_TOPICS_NOT_READY', `Topics ${topics.join(', ')} were created but have no leader (${describeError(err).message})`, { cause: err });
  }
}
