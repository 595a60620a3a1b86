import { describe, it, expect, afterEach } from 'vitest';
import { runStage, StrandError, type Stage, type StageOutputItem, type RunningStage, type DeadLetter } from '@strand/runtime';
import { setup, committed, readAll, until, type Item } from './helpers/stage-env.js';

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

  it('dead-letters a record whose output does not fit the output schema, and the rest of its chunk is produced', async () => {
    const env = await setup();
    // `name` must be a string: a number fails Avro encoding (RECORD_INVALID), a bug in the stage, caught per record.
    const stage: Stage<Item, Item> = { name: 'misfit', process: (item) => [{ name: item.name === 'misfit' ? (42 as unknown as string) : item.name }] };
    const running: RunningStage = await runStage({ config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage, inputTopic: env.topics.input, output: { kind: 'topic', topic: env.topics.output, key: (v) => String(v.name) }, deadLetterTopic: env.topics.dlq, groupId: env.groupId });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    await env.publish(['a', 'misfit', 'b']);
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === '3');
    expect((await readAll<Item>(env, env.topics.output, 2)).map((o) => o.value.name)).toEqual(['a', 'b']);
    const [dead] = await readAll<DeadLetter>(env, env.topics.dlq, 1);
    expect(dead!.value).toMatchObject({ stage: 'misfit', sourceOffset: 1, key: 'misfit', errorCode: 'RECORD_INVALID' });
    expect(dead!.value.reason).toContain('does not fit its schema');
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

  it('stops on a fatal error (authentication refused) without dead-lettering or committing, and says so through onFatal', async () => {
    const env = await setup();
    const fatal: unknown[] = [];
    const stage: Stage<Item, Item> = { name: 'auth', process: () => { throw new StrandError('AUTH_FAILED', 'password authentication failed for user "strand"'); } };
    const running = await runStage({
      config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage,
      inputTopic: env.topics.input, output: { kind: 'topic', topic: env.topics.output, key: (v) => v.name }, deadLetterTopic: env.topics.dlq, groupId: env.groupId,
      onFatal: (err) => fatal.push(err),
    });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    await env.publish(['a']);
    await until(async () => fatal.length > 0);
    expect((fatal[0] as StrandError).code).toBe('AUTH_FAILED');
    expect(await committed(env.admin, env.groupId, env.topics.input)).toBe('-1');
    const ends = await env.admin.fetchTopicOffsets(env.topics.dlq);
    expect(ends[0]!.high).toBe('0');
  });

  it('restarts a consumer that crashed on an error outside the stage contract, and the record then lands', async () => {
    const env = await setup();
    let crashes = 1;
    const durable: string[] = [];
    const stage: Stage<Item, Item> = { name: 'store', process: (item) => [item] };
    const running = await runStage({
      config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage,
      inputTopic: env.topics.input, deadLetterTopic: env.topics.dlq, groupId: env.groupId,
      // A sink must return rejections for bad rows and throw only retriable errors; this one breaks the contract once.
      output: { kind: 'sink', write: async (items: StageOutputItem<Item>[]) => {
        if (crashes-- > 0) throw new TypeError('a bug in the writer');
        durable.push(...items.map((i) => i.value.name));
        return { rejected: [] };
      } },
    });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    await env.publish(['p', 'q']);
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === '2');
    expect(durable).toEqual(['p', 'q']);
    expect(running.restarts).toBeGreaterThanOrEqual(1);
  });
});
