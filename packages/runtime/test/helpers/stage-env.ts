import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Admin } from 'kafkajs';
import { loadConfig, createLogger, createKafka, connectAdmin, connectProducer, ensureTopics, ValueCodec } from '@strand/runtime';

/** Real Kafka and registry for runner tests: each test gets its own topics and group. */
export const dlqSchema = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../schemas/dlq.avsc', import.meta.url)), 'utf8'));
export const itemSchema = { type: 'record', name: 'Item', namespace: 'dev.strand.test', fields: [{ name: 'name', type: 'string' }] };

export interface Item { name: string }

export async function setup() {
  const id = randomBytes(4).toString('hex');
  const config = loadConfig({ ...process.env, STRAND_TOPIC_PREFIX: `runner-${id}`, STRAND_STAGE_CHUNK_SIZE: '50' });
  const logger = createLogger('error');
  const kafka = createKafka(config, logger, 'runner-test');
  const admin = await connectAdmin(kafka, config);
  const topics = { input: `runner-${id}.in`, output: `runner-${id}.out`, dlq: `runner-${id}.dlq` };
  await ensureTopics(admin, [{ topic: topics.input, numPartitions: 1 }, { topic: topics.output, numPartitions: 1 }, { topic: topics.dlq, numPartitions: 1 }]);
  const codec = new ValueCodec(config);
  await codec.register(topics.input, itemSchema);
  await codec.register(topics.output, itemSchema);
  await codec.register(topics.dlq, dlqSchema);
  const producer = await connectProducer(kafka, config);
  const publish = async (names: string[]) => producer.send({ topic: topics.input, messages: await Promise.all(names.map(async (name) => ({ key: name, value: await codec.encode(topics.input, { name }) }))) });
  return { id, config, logger, kafka, admin, topics, codec, producer, publish, groupId: `runner-${id}.group` };
}

export async function committed(admin: Admin, groupId: string, topic: string): Promise<string> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return t!.partitions[0]!.offset;
}

export async function readAll<T>(env: Awaited<ReturnType<typeof setup>>, topic: string, count: number): Promise<{ key: string | null; value: T }[]> {
  const consumer = env.kafka.consumer({ groupId: `${env.groupId}.reader.${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const got: { key: string | null; value: T }[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({ eachMessage: async ({ message }) => {
      got.push({ key: message.key?.toString() ?? null, value: await env.codec.decode<T>(message.value!, topic) });
      if (got.length >= count) resolve();
    } });
  });
  await consumer.disconnect();
  return got;
}

export const until = async (check: () => Promise<boolean>) => { while (!(await check())) await new Promise((r) => setTimeout(r, 100)); };

