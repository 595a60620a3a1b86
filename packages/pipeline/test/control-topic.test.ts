import { describe, it, expect, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { loadConfig, createKafka, createLogger, connectAdmin, StrandError, StagePauses } from '@strand/runtime';
import { controlTopic, encodeStageControl, decodeStageControl, publishStageControl, readStageControls, readPausedStages } from '../src/control-topic.js';
import { followStagePauses } from '../src/stage-pause-follower.js';

const at = Date.parse('2026-01-02T03:04:05.000Z');

describe('control messages', () => {
  it('round-trips a pause and names what is wrong in a malformed message, and where', () => {
    const control = { stage: 'genbank.sink', state: 'paused' as const, by: 'ann@host', at };
    expect(decodeStageControl(Buffer.from('genbank.sink'), encodeStageControl(control), 'p.control[0]@7')).toEqual(control);
    const bad = (key: string | null, value: string | null) => {
      try {
        decodeStageControl(key === null ? null : Buffer.from(key), value === null ? null : Buffer.from(value), 'p.control[0]@7');
      } catch (err) {
        expect(err).toBeInstanceOf(StrandError);
        expect((err as StrandError).code).toBe('RECORD_INVALID');
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad(null, '{}')).toBe('control message at p.control[0]@7: no key (the key is the stage name)');
    expect(bad('s', null)).toContain('no value for stage "s"');
    expect(bad('s', 'paused')).toContain('value for stage "s" is not JSON');
    expect(bad('s', '{"state":"stopped","at":"2026-01-02T03:04:05Z"}')).toContain('state of stage "s" must be "paused" or "resumed", got "stopped"');
    expect(bad('s', '{"state":"paused","at":"yesterday"}')).toContain('"at" of stage "s" must be an ISO-8601 time, got "yesterday"');
  });
});

describe('the control topic (real broker)', () => {
  const config = loadConfig({ ...process.env, STRAND_TOPIC_PREFIX: `test-control-${randomBytes(4).toString('hex')}` });
  const kafka = createKafka(config, createLogger('error'), 'test');
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
    const admin = await connectAdmin(kafka, config);
    await admin.deleteTopics({ topics: [controlTopic(config.topicPrefix)] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('reads nothing before any command, then the latest command per stage; a follower started later sees the pauses, and later commands as they come', async () => {
    expect(await readPausedStages(kafka, config.topicPrefix)).toEqual([]);
    await publishStageControl(kafka, config, { stage: 'genbank.sink', state: 'paused', by: 'ann', at });
    await publishStageControl(kafka, config, { stage: 'genbank.parser', state: 'paused', by: 'ann', at });
    await publishStageControl(kafka, config, { stage: 'genbank.parser', state: 'resumed', by: 'bob', at: at + 1 });
    const latest = await readStageControls(kafka, config.topicPrefix);
    expect(Object.fromEntries([...latest].map(([s, c]) => [s, `${c.state} by ${c.by}`]))).toEqual({ 'genbank.sink': 'paused by ann', 'genbank.parser': 'resumed by bob' });
    expect(await readPausedStages(kafka, config.topicPrefix)).toEqual([{ stage: 'genbank.sink', state: 'paused', by: 'ann', at }]);

    const pauses = new StagePauses();
    const follower = await followStagePauses(kafka, config, createLogger('error'), pauses);
    stops.push(() => follower.stop());
    // Resolved only once caught up: the pause is known before any stage would start.
    expect([...pauses.paused().keys()]).toEqual(['genbank.sink']);
    const resumed = new Promise<string>((resolve) => pauses.watch('genbank.sink', (paused, info) => { if (!paused) resolve(info.by); }));
    await publishStageControl(kafka, config, { stage: 'genbank.sink', state: 'resumed', by: 'cy', at: at + 2 });
    expect(await resumed).toBe('cy');
    expect(pauses.isPaused('genbank.sink')).toBe(false);
  }, 60_000);
});
