import { describe, it, expect, afterAll } from 'vitest';
import { createKafka, connectAdmin, createLogger } from '@strand/runtime';
import { groupLag } from '@strand/pipeline';
import { isolatedConfig, startGenbankPipeline, runCli, testData, storedSequences, topicsOf, type InProcessPipeline } from '../../../test/helpers.js';

describe('strand replay', () => {
  const config = isolatedConfig();
  const pipelines: InProcessPipeline[] = [];
  afterAll(async () => { for (const p of pipelines.reverse()) await p.stop(); });

  it('refuses while the stage runs, rewinds it once stopped, and the replay changes no rows', async () => {
    const first = await startGenbankPipeline(config);
    pipelines.push(first);
    expect((await runCli(['ingest', 'genbank', testData('genbank', 'sample-division.gbff.gz'), '--wait'], config)).code).toBe(0);
    const before = await storedSequences(first.pool);

    const refused = await runCli(['replay', '--stage', 'genbank.parser', '--from-time', '2000-01-01T00:00:00Z'], config);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('GROUP_ACTIVE');
    expect(refused.stderr).toContain(`${config.topicPrefix}.genbank.parser`);

    await first.stopServices();
    const replay = await runCli(['replay', '--stage', 'genbank.parser', '--from-time', '2000-01-01T00:00:00Z'], config);
    expect(replay.code, replay.stderr).toBe(0);
    const admin = await connectAdmin(createKafka(config, createLogger('error'), 'test'), config);
    const raw = topicsOf(config).genbankRaw;
    const rewound = await groupLag(admin, `${config.topicPrefix}.genbank.parser`, raw);
    expect(rewound.reduce((n, p) => n + p.lag, 0n)).toBe(11n); // every raw record is due again

    const second = await startGenbankPipeline(config);
    pipelines.push(second);
    const drained = await runCli(['ingest', 'genbank', testData('genbank', 'EU851978.gbk'), '--wait'], config);
    expect(drained.code).toBe(0);
    expect((await groupLag(admin, `${config.topicPrefix}.genbank.parser`, raw)).every((p) => p.lag === 0n)).toBe(true);
    await admin.disconnect();
    expect(await storedSequences(second.pool)).toEqual(before);
  });

  it('rejects a time that is not ISO-8601 with a usage message', async () => {
    const bad = await runCli(['replay', '--stage', 'genbank.parser', '--from-time', 'yesterday'], config);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from-time must be an ISO-8601 time');
  });
});
