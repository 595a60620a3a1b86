import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Admin } from 'kafkajs';
import { createKafka, connectAdmin, createLogger, ensureTopics } from '@strand/runtime';
import { isolatedConfig, runCli } from '../../../test/helpers.js';

const HOUR = 3_600_000;

describe('strand offsets (real broker)', () => {
  const config = isolatedConfig();
  const topic = `${config.topicPrefix}.genbank.parsed`; // the input of genbank.enricher
  const group = `${config.topicPrefix}.genbank.enricher`;
  const now = Date.now();
  let admin: Admin;

  const committed = async (): Promise<Record<number, string>> => {
    const [t] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return Object.fromEntries(t!.partitions.map((p) => [p.partition, p.offset]));
  };
  // Partition 2 gets an offset too, except in the first test, which shows a partition without one.
  const set = (offsets: Record<number, number>) => admin.setOffsets({ groupId: group, topic, partitions: Object.entries(offsets).map(([p, o]) => ({ partition: Number(p), offset: String(o) })) });
  const reset = (...args: string[]) => runCli(['offsets', 'reset', '--stage', 'genbank.enricher', ...args], config);

  beforeAll(async () => {
    const kafka = createKafka(config, createLogger('error'), 'test');
    admin = await connectAdmin(kafka, config);
    await ensureTopics(admin, [{ topic, numPartitions: 3 }]);
    const producer = kafka.producer();
    await producer.connect();
    // Partition 0: 10 messages, message i written at now - (10 - i) hours; partition 1: 5 (now - 10 h ... now - 6 h); partition 2: none.
    const at = (i: number) => String(now - (10 - i) * HOUR);
    await producer.send({ topic, acks: -1, messages: [
      ...Array.from({ length: 10 }, (_, i) => ({ partition: 0, value: `p0-${i}`, timestamp: at(i) })),
      ...Array.from({ length: 5 }, (_, i) => ({ partition: 1, value: `p1-${i}`, timestamp: at(i) })),
    ] });
    await producer.disconnect();
  });
  afterAll(async () => {
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.disconnect();
  });

  it('shows committed offset, log start, log end and lag per partition, as a table and as JSON', async () => {
    await set({ 0: 4, 1: 2 });
    const json = await runCli(['offsets', 'show', '--stage', 'genbank.enricher', '--json'], config);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      { stage: 'genbank.enricher', group, topic, partition: 0, committed: '4', earliest: '0', latest: '10', lag: '6' },
      { stage: 'genbank.enricher', group, topic, partition: 1, committed: '2', earliest: '0', latest: '5', lag: '3' },
      { stage: 'genbank.enricher', group, topic, partition: 2, committed: null, earliest: '0', latest: '0', lag: '0' },
    ]);
    const table = await runCli(['offsets', 'show'], config);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`genbank.enricher +${topic.replace(/\./g, '\\.')} +0 +4 +0 +10 +6`));
  });

  it('prints current -> new and changes nothing without --execute', async () => {
    await set({ 0: 4, 1: 2, 2: 0 });
    const dry = await reset('--to-earliest', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).partitions.map((p: { current: string | null; new: string }) => [p.current, p.new])).toEqual([['4', '0'], ['2', '0'], ['0', '0']]);
    expect(dry.stderr).toContain('dry run: nothing changed');
    expect(await committed()).toEqual({ 0: '4', 1: '2', 2: '0' });
  });

  it.each([
    ['--to-earliest', [], { 0: '0', 1: '0', 2: '0' }],
    ['--to-latest', [], { 0: '10', 1: '5', 2: '0' }],
    ['--to-offset', ['7', '--topic', 'TOPIC:0'], { 0: '7', 1: '2', 2: '0' }],
    ['--to-offset', ['99'], { 0: '10', 1: '5', 2: '0' }],
    ['--shift-by', ['-3'], { 0: '1', 1: '0', 2: '0' }],
    ['--shift-by', ['3'], { 0: '7', 1: '5', 2: '0' }],
    ['--by-duration', ['210m'], { 0: '7', 1: '5', 2: '0' }],
    ['--by-duration', ['PT3H30M'], { 0: '7', 1: '5', 2: '0' }],
  ] as [string, string[], Record<number, string>][])('%s %s --execute moves each partition to the right offset', async (mode, rest, expected) => {
    await set({ 0: 4, 1: 2, 2: 0 });
    const args = rest.map((a) => a.replace('TOPIC', topic));
    const result = await reset(mode, ...args, '--execute');
    expect(result.code, result.stderr).toBe(0);
    expect(await committed()).toEqual(expected);
  });

  it('--to-datetime takes the first message at or after the time (the log end where there is none)', async () => {
    await set({ 0: 4, 1: 2, 2: 0 });
    const result = await reset('--to-datetime', new Date(now - 4 * HOUR - 1000).toISOString(), '--execute');
    expect(result.code, result.stderr).toBe(0);
    expect(await committed()).toEqual({ 0: '6', 1: '5', 2: '0' });
  });

  it('refuses to move the offsets of a group with a live member, naming it; a dry run still shows the plan', async () => {
    await set({ 0: 4, 1: 2, 2: 0 });
    const consumer = createKafka(config, createLogger('error'), 'live-enricher').consumer({ groupId: group });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    let joined!: () => void;
    const join = new Promise<void>((resolve) => { joined = resolve; });
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    void consumer.run({ eachMessage: async () => undefined });
    await join;
    try {
      const refused = await reset('--to-earliest', '--execute');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('GROUP_ACTIVE');
      expect(refused.stderr).toContain('live-enricher@');
      const dry = await reset('--to-earliest');
      expect(dry.code).toBe(0);
    } finally {
      await consumer.disconnect();
    }
  });

  it('answers --help and refuses bad usage with exit code 2 and what was wrong', async () => {
    const help = await runCli(['offsets', 'reset', '--help'], config);
    expect(help.code).toBe(0);
    for (const option of ['--to-earliest', '--to-latest', '--to-datetime', '--by-duration', '--to-offset', '--shift-by', '--execute', '--topic']) expect(help.stdout).toContain(option);
    const two = await reset('--to-earliest', '--to-latest');
    expect([two.code, two.stderr]).toEqual([2, expect.stringContaining('give exactly one of')]);
    const duration = await reset('--by-duration', 'a while');
    expect([duration.code, duration.stderr]).toEqual([2, expect.stringContaining('--by-duration must be a duration')]);
    const stage = await runCli(['offsets', 'reset', '--stage', 'nope', '--to-latest'], config);
    expect([stage.code, stage.stderr]).toEqual([2, expect.stringContaining('--stage must be one of')]);
    const wrongTopic = await reset('--to-latest', '--topic', 'other:0');
    expect([wrongTopic.code, wrongTopic.stderr]).toEqual([2, expect.stringContaining(`the stage reads ${topic}`)]);
  });
});
