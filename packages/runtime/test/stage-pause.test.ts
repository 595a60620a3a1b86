import { describe, it, expect, afterEach } from 'vitest';
import { runStage, StagePauses, type Stage, type StageOutputItem, type StagePauseInfo } from '@strand/runtime';
import { setup, committed, until, type Item } from './helpers/stage-env.js';

const by = (who: string): StagePauseInfo => ({ by: who, at: Date.now() });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('StagePauses', () => {
  it('tells the watchers of a stage about changes only, and lists the paused stages with who paused them', () => {
    const pauses = new StagePauses();
    const heard: string[] = [];
    const unwatch = pauses.watch('a.sink', (paused, info) => heard.push(`${paused ? 'paused' : 'resumed'} by ${info.by}`));
    pauses.set('a.sink', false, by('x')); // not paused: no change
    pauses.set('a.sink', true, by('ann'));
    pauses.set('a.sink', true, by('bob')); // already paused: no change, the first pause is kept
    pauses.set('b.parser', true, by('cy')); // another stage
    expect(pauses.isPaused('a.sink')).toBe(true);
    expect([...pauses.paused()].map(([stage, info]) => `${stage} ${info.by}`)).toEqual(['a.sink ann', 'b.parser cy']);
    pauses.set('a.sink', false, by('dan'));
    unwatch();
    pauses.set('a.sink', true, by('eve'));
    expect(heard).toEqual(['paused by ann', 'resumed by dan']);
  });
});

/**
 * The runner's pause hook on a real broker: a sink stage that is paused commits nothing and writes
 * nothing while records wait, longer than its session timeout, without leaving its group; a chunk
 * in progress when the pause arrives finishes and commits; resume drains the rest.
 */
describe('runStage with a pause', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => { for (const c of cleanup.splice(0)) await c(); });

  it('holds a paused stage in its group, lets the chunk in progress commit, and drains on resume', async () => {
    const env = await setup(); // chunks of 50
    const pauses = new StagePauses();
    const written: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => { releaseFirst = resolve; });
    let firstStarted!: () => void;
    const firstWriting = new Promise<void>((resolve) => { firstStarted = resolve; });
    const stage: Stage<Item, Item> = { name: 'held', process: (item) => [item] };
    const running = await runStage({
      config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage,
      inputTopic: env.topics.input, deadLetterTopic: env.topics.dlq, groupId: env.groupId, sessionTimeoutMs: 6000, pauses,
      output: { kind: 'sink', write: async (items: StageOutputItem<Item>[]) => {
        if (written.length === 0) { firstStarted(); await firstHeld; }
        written.push(...items.map((i) => i.value.name));
        return { rejected: [] };
      } },
    });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    await env.publish(Array.from({ length: 200 }, (_, i) => `r${i}`));
    await firstWriting;
    pauses.set('held', true, by('test')); // while the first chunk is being written
    releaseFirst();
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === '50');
    const members = async () => (await env.admin.describeGroups([env.groupId])).groups[0]!.members.map((m) => m.memberId);
    const before = await members();
    expect(before).toHaveLength(1);

    await sleep(9000); // a measured hold, longer than the 6 s session timeout: the paused consumer keeps heartbeating
    expect(await committed(env.admin, env.groupId, env.topics.input)).toBe('50');
    expect(written).toHaveLength(50);
    expect(await members()).toEqual(before);
    expect((await env.admin.describeGroups([env.groupId])).groups[0]!.state).toBe('Stable');

    pauses.set('held', false, by('test'));
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === '200');
    expect(written).toEqual(Array.from({ length: 200 }, (_, i) => `r${i}`)); // in order, each once
    expect(await members()).toEqual(before);
  }, 60_000);

  it('starts paused when the stage is paused before it runs, and consumes on resume', async () => {
    const env = await setup();
    const pauses = new StagePauses();
    pauses.set('late', true, by('test'));
    const written: string[] = [];
    await env.publish(['a', 'b', 'c']);
    const stage: Stage<Item, Item> = { name: 'late', process: (item) => [item] };
    const running = await runStage({
      config: env.config, logger: env.logger, kafka: env.kafka, producer: env.producer, codec: env.codec, stage,
      inputTopic: env.topics.input, deadLetterTopic: env.topics.dlq, groupId: env.groupId, pauses,
      output: { kind: 'sink', write: async (items: StageOutputItem<Item>[]) => { written.push(...items.map((i) => i.value.name)); return { rejected: [] }; } },
    });
    cleanup.push(async () => { await running.stop(); await env.producer.disconnect(); await env.admin.disconnect(); });
    await until(async () => (await env.admin.describeGroups([env.groupId])).groups[0]!.state === 'Stable');
    await sleep(3000); // the group is joined and records wait: nothing is consumed
    expect(written).toEqual([]);
    expect(await committed(env.admin, env.groupId, env.topics.input)).toBe('-1');
    pauses.set('late', false, by('test'));
    await until(async () => (await committed(env.admin, env.groupId, env.topics.input)) === '3');
    expect(written).toEqual(['a', 'b', 'c']);
  }, 60_000);
});
