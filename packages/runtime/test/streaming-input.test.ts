import { describe, it, expect, afterEach } from 'vitest';
import { runStage, StrandError, batchPolicy, type StreamingStage, type DeadLetter } from '@strand/runtime';
import { setup, committed, readAll, until, type Item } from './helpers/stage-env.js';

/** A streaming stage: one input `name` -> `n` outputs, where the input is "name:n". */
function fanOut(onCheckpoint: (input: Item, progress: number) => Promise<void> = async () => undefined): StreamingStage<Item, Item, number> {
  return {
    kind: 'streaming',
    name: 'fan-out',
    async *stream(input) {
      const [name, n] = input.name.split(':');
      if (name === 'poison') throw new StrandError('INPUT_INVALID', `request ${input.name} refused`);
      for (let i = 1; i <= Number(n); i++) {
        if (name === 'holes' && i % 2 === 0) { yield { deadLetter: { key: `${name}-${i}`, error: new StrandError('RECORD_INVALID', `part ${i} is missing`) } }; continue; }
        yield { key: `${name}-${i}`, value: { name: `${name}-${i}:${'x'.repeat(1000)}` }, progress: i };
      }
    },
    checkpoint: (input, progress) => onCheckpoint(input, progress),
  };
}

describe('runStage with a streaming stage', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => { for (const c of cleanup.splice(0)) await c(); });

  it('produces every output in broker-sized batches, checkpoints after each durable flush, then commits the input', async () => {
    const env = await setup();
    const checkpoints: number[] = [];
    let durableAtCheckpoint = true;
    const running = await runStage({
      config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec,
      stage: fanOut(async (_, progress) => {
        // Output n is durable when the topic holds at least n messages.
        const [end] = await env.admin.fetchTopicOffsets(env.topics.output);
        if (Number(end!.high) < progress) durableAtCheckpoint = false;
        checkpoints.push(progress);
      }), batch: batchPolicy(env.config.maxMessageBytes, { count: 400 }),
      inputTopic: env.topics.input, output: { kind: 'topic', topic: env.topics.output, key: () => null }, deadLetterTopic: env.topics.dlq, groupId: env.groupId,
    });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    // 3,000 outputs of 1 kB: 3 MB from one input, far over the broker's 1 MB per record batch.
    await env.publish(['big:3000']);
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === '1');
    const ends = await env.admin.fetchTopicOffsets(env.topics.output);
    expect(Number(ends[0]!.high)).toBe(3000);
    expect(checkpoints.length).toBeGreaterThan(3);
    expect(checkpoints.every((p, i) => i === 0 || p > checkpoints[i - 1]!)).toBe(true);
    expect(checkpoints.at(-1)).toBe(3000);
    // Each checkpoint came after its outputs were acknowledged: the topic held at least that many by then.
    expect(durableAtCheckpoint).toBe(true);
    const firstOutputs = await readAll<Item>(env, env.topics.output, 3);
    expect(firstOutputs.map((o) => o.value.name.split(':')[0])).toEqual(['big-1', 'big-2', 'big-3']);
  });

  it('dead-letters an undecodable input, a refused input and the parts a stream reports, and carries on with the next inputs', async () => {
    const env = await setup();
    const running = await runStage({
      config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage: fanOut(),
      inputTopic: env.topics.input, output: { kind: 'topic', topic: env.topics.output, key: () => null }, deadLetterTopic: env.topics.dlq, groupId: env.groupId,
    });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    await env.producer.send({ topic: env.topics.input, messages: [{ key: 'garbage', value: Buffer.from('not Avro at all') }] });
    await env.publish(['poison:5', 'holes:4', 'after:2']);
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === '4');
    const outputs = await readAll<Item>(env, env.topics.output, 4);
    expect(outputs.map((o) => o.value.name.split(':')[0])).toEqual(['holes-1', 'holes-3', 'after-1', 'after-2']);
    const dead = await readAll<DeadLetter>(env, env.topics.dlq, 4);
    expect(dead.map((d) => [d.value.key, d.value.errorCode, d.value.sourceOffset])).toEqual([
      ['garbage', 'SCHEMA_DECODE_FAILED', 0], ['poison:5', 'INPUT_INVALID', 1], ['holes-2', 'RECORD_INVALID', 2], ['holes-4', 'RECORD_INVALID', 2],
    ]);
    expect(dead[0]!.value.value?.toString()).toBe('not Avro at all');
  });

  it('runs an input again after a retriable failure, resuming from what the stage checkpointed', async () => {
    const env = await setup();
    let failOnce = true;
    let resumeFrom = 0;
    const stage: StreamingStage<Item, Item, number> = {
      kind: 'streaming',
      name: 'resuming',
      async *stream() {
        for (let i = resumeFrom + 1; i <= 6; i++) {
          if (i === 4 && failOnce) { failOnce = false; throw new StrandError('DOWNLOAD_FAILED', 'connection reset'); }
          yield { key: String(i), value: { name: String(i) }, progress: i };
        }
      },
      checkpoint: async (_, progress) => { resumeFrom = progress; },
    };
    const running = await runStage({
      config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage, batch: batchPolicy(env.config.maxMessageBytes, { count: 1 }),
      inputTopic: env.topics.input, output: { kind: 'topic', topic: env.topics.output, key: () => null }, deadLetterTopic: env.topics.dlq, groupId: env.groupId,
    });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    await env.publish(['go']);
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === '1');
    const outputs = await readAll<Item>(env, env.topics.output, 6);
    expect(outputs.map((o) => o.value.name)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(Number((await env.admin.fetchTopicOffsets(env.topics.output))[0]!.high)).toBe(6);
  });
});
