import { randomBytes } from 'node:crypto';
import { describe, it, expect, afterEach } from 'vitest';
import {
  loadConfig, createLogger, createKafka, connectAdmin, connectProducer, ensureTopics, ValueCodec, runStage, StrandError,
  type Stage, type StageOutputItem, type RunningStage, type DeadLetter,
} from '@strand/runtime';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Admin } from 'kafkajs';

const dlqSchema = JSON.parse(readFileSync(fileURLToPath(new URL('../../../schemas/dlq.avsc', import.meta.url)), 'utf8'));
const itemSchema = { type: 'record', name: 'Item', namespace: 'dev.strand.test', fields: [{ name: 'name', type: 'string' }] };

interface Item { name: string }

/** Real Kafka and registry; each test gets its own topics and group. */
async function setup() {
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

async function committed(admin: Admin, groupId: string, topic: string): Promise<string> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return t!.partitions[0]!.offset;
}

async function readAll<T>(env: Awaited<ReturnType<typeof setup>>, topic: string, count: number): Promise<{ key: string | null; value: T }[]> {
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

const until = async (check: () => Promise<boolean>) => { while (!(await check())) await new Promise((r) => setTimeout(r, 100)); };

describe('runStage', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => { for (const c of cleanup.splice(0)) await c(); });

  it('produces outputs, dead-letters a poison record with its reason and source offset, and commits past both', async () => {
    const env = await setup();
    const stage: Stage<Item, Item> = {
      name: 'upper',
      process: (item) => {
        if (item.name === 'poison') throw new StrandError('RECORD_INVALID', 'poison pill refused');
        if (item.name === 'skip') return [];
        return [{ name: item.name.toUpperCase() }];
      },
    };
    const running: RunningStage = await runStage({ config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage, inputTopic: env.topics.input, output: { kind: 'topic', topic: env.topics.output, key: (v) => v.name }, deadLetterTopic: env.topics.dlq, groupId: env.groupId });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    await env.publish(['a', 'poison', 'skip', 'b']);
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === '4');
    const outputs = await readAll<Item>(env, env.topics.output, 2);
    expect(outputs.map((o) => o.value.name)).toEqual(['A', 'B']);
    const [dead] = await readAll<DeadLetter>(env, env.topics.dlq, 1);
    expect(dead!.value).toMatchObject({ stage: 'upper', sourceTopic: env.topics.input, sourcePartition: 0, sourceOffset: 1, key: 'poison', errorCode: 'RECORD_INVALID', reason: 'poison pill refused' });
    expect(await env.codec.decode<Item>(dead!.value.value!, 'dlq payload')).toEqual({ name: 'poison' });
  });

  it('commits nothing while the sink is failing with a retriable error, then writes each record once it recovers', async () => {
    const env = await setup();
    let failuresLeft = 3;
    let attempts = 0;
    const durable: string[] = [];
    const stage: Stage<Item, Item> = { name: 'store', process: (item) => [item] };
    const running = await runStage({
      config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage,
      inputTopic: env.topics.input, deadLetterTopic: env.topics.dlq, groupId: env.groupId,
      output: { kind: 'sink', write: async (items: StageOutputItem<Item>[]) => {
        attempts++;
        if (failuresLeft > 0) {
          // Offsets must still be uncommitted while the output is not durable.
          expect(await committed(env.admin, env.groupId, env.topics.input)).toBe('-1');
          failuresLeft--;
          throw new StrandError('PG_UNREACHABLE', 'database down', { retriable: true });
        }
        durable.push(...items.map((i) => i.value.name));
        return { rejected: [] };
      } },
    });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    await env.publish(['x', 'y', 'z']);
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === '3');
    expect(attempts).toBe(4);
    expect(durable).toEqual(['x', 'y', 'z']);
  });

  it('dead-letters a row the sink rejects while the rest of the batch lands', async () => {
    const env = await setup();
    const durable: string[] = [];
    const stage: Stage<Item, Item> = { name: 'store', process: (item) => [item] };
    const running = await runStage({
      config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage,
      inputTopic: env.topics.input, deadLetterTopic: env.topics.dlq, groupId: env.groupId,
      output: { kind: 'sink', write: async (items: StageOutputItem<Item>[]) => {
        const rejected = items.flatMap((i, index) => (i.value.name === 'bad' ? [{ index, error: new StrandError('PG_WRITE_FAILED', 'value too long for column') }] : []));
        durable.push(...items.filter((i) => i.value.name !== 'bad').map((i) => i.value.name));
        return { rejected };
      } },
    });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    await env.publish(['ok1', 'bad', 'ok2']);
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === '3');
    expect(durable).toEqual(['ok1', 'ok2']);
    const [dead] = await readAll<DeadLetter>(env, env.topics.dlq, 1);
    expect(dead!.value).toMatchObject({ sourceOffset: 1, errorCode: 'PG_WRITE_FAILED', reason: 'value too long for column' });
  });

  it('with concurrency, keeps several records in flight and still produces in input order', async () => {
    const env = await setup();
    let inFlight = 0;
    let most = 0;
    const stage: Stage<Item, Item> = {
      name: 'slow',
      concurrency: 4,
      process: async (item) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5 + (item.name.charCodeAt(0) % 7) * 10));
        inFlight--;
        return [{ name: item.name.toUpperCase() }];
      },
    };
    const running = await runStage({ config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage, inputTopic: env.topics.input, output: { kind: 'topic', topic: env.topics.output, key: (v) => v.name }, deadLetterTopic: env.topics.dlq, groupId: env.groupId });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    const names = ['k', 'a', 'x', 'c', 'q', 'b', 'z', 'm'];
    await env.publish(names);
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === String(names.length));
    const outputs = await readAll<Item>(env, env.topics.output, names.length);
    expect(outputs.map((o) => o.value.name)).toEqual(names.map((n) => n.toUpperCase()));
    expect(most).toBeGreaterThan(1);
  });

  it('produces a chunk whose outputs add up to far more than the broker\'s 1 MB batch limit', async () => {
    const env = await setup();
    const big = 'x'.repeat(100_000);
    const stage: Stage<Item, Item> = { name: 'inflate', process: (item) => [{ name: `${item.name}:${big}` }] };
    const running = await runStage({ config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage, inputTopic: env.topics.input, output: { kind: 'topic', topic: env.topics.output, key: (v) => v.name.slice(0, 8) }, deadLetterTopic: env.topics.dlq, groupId: env.groupId });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    const names = Array.from({ length: 30 }, (_, i) => `n${String(i).padStart(3, '0')}`);
    await env.publish(names); // one chunk in, 3 MB out
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === String(names.length));
    const outputs = await readAll<Item>(env, env.topics.output, names.length);
    expect(outputs.map((o) => o.value.name.split(':')[0])).toEqual(names);
    expect(outputs.every((o) => o.value.name.length === 5 + big.length)).toBe(true);
  });
});
