import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectAdmin, connectProducer, createKafka, createLogger, ensureTopics, loadConfig, sendBounded, type KafkaCompression } from '../src/index.js';

const config = loadConfig();
const logger = createLogger('error', {}, () => undefined);

/** Bytes of a partition's log segments on the local broker's disk (the stack keeps them under the state folder). */
function logBytes(topic: string): number | undefined {
  const dir = join(config.stateDir.startsWith('/') ? config.stateDir : join(process.cwd(), config.stateDir), 'kafka', 'data', `${topic}-0`);
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir).filter((f) => f.endsWith('.log')).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

describe('sendBounded (real broker)', () => {
  it.each(['none', 'gzip'] as KafkaCompression[])('sends 3 MB of messages in broker-sized requests, compression %s, and they read back whole and in order', async (compression) => {
    const kafka = createKafka(config, logger, 'strand-test');
    const admin = await connectAdmin(kafka, config);
    const producer = await connectProducer(kafka, config);
    const topic = `strand-test-send-${compression}-${randomUUID()}`;
    try {
      await ensureTopics(admin, [{ topic, numPartitions: 1 }]);
      const values = Array.from({ length: 30 }, (_, i) => Buffer.from(`${i}:`.padEnd(100_000, 'ACGT')));
      await sendBounded(producer, [{ topic, messages: values.map((value, i) => ({ key: String(i), value })) }], 900_000, compression);
      const consumer = kafka.consumer({ groupId: `${topic}.reader` });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const got: Buffer[] = [];
      await new Promise<void>((resolve) => { void consumer.run({ eachMessage: async ({ message }) => { got.push(message.value!); if (got.length === values.length) resolve(); } }); });
      await consumer.disconnect();
      expect(got).toEqual(values);
      // The local stack's broker (its data folder is under the state folder): uncompressed, the log holds the 3 MB;
      // gzip shrinks these repetitive values a hundredfold.
      const onDisk = logBytes(topic);
      expect(onDisk).toBeDefined();
      expect(compression === 'gzip' ? onDisk < 300_000 : onDisk > 3_000_000).toBe(true);
      await admin.deleteGroups([`${topic}.reader`]).catch(() => undefined);
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});
