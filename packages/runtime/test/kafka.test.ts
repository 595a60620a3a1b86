import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { connectAdmin, createKafka, createLogger, describeError, ensureTopics, loadConfig } from '../src/index.js';

const logger = createLogger('error', {}, () => undefined);

describe('connecting to Kafka', () => {
  it('a broker that refuses our SASL login (the real local broker has no SASL) is AUTH_FAILED, fatal, with a clear message', async () => {
    const config = loadConfig();
    const kafka = new Kafka({ clientId: 'strand-test', brokers: config.kafkaBrokers, sasl: { mechanism: 'plain', username: 'strand', password: 'wrong' }, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const err = await connectAdmin(kafka, config).catch((e: unknown) => e);
    expect(describeError(err)).toMatchObject({ code: 'AUTH_FAILED', retriable: false, fatal: true });
    expect((err as Error).message).toMatch(/^Kafka broker .* refused our credentials or permissions \(/);
  });

  it('no broker at the address is KAFKA_UNREACHABLE, retriable', async () => {
    const config = loadConfig({}, { STRAND_KAFKA_BROKERS: '127.0.0.1:1', STRAND_CONNECT_TIMEOUT_MS: 1500 });
    const err = await connectAdmin(createKafka(config, logger, 'strand-test'), config).catch((e: unknown) => e);
    expect(describeError(err)).toMatchObject({ code: 'KAFKA_UNREACHABLE', retriable: true, fatal: false });
    expect((err as Error).message).toContain('127.0.0.1:1 unreachable');
  });
});

describe('ensureTopics', () => {
  it('creates missing topics and waits until they have leaders', async () => {
    const config = loadConfig();
    const admin = await connectAdmin(createKafka(config, logger, 'strand-test'), config);
    const topic = `strand-test-topics-${randomUUID()}`;
    try {
      await ensureTopics(admin, [{ topic, numPartitions: 3 }]);
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0]!.partitions.map((p) => p.leader >= 0)).toEqual([true, true, true]);
      await ensureTopics(admin, [{ topic, numPartitions: 3 }]); // already there: a no-op
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
