import { describe, it, expect } from 'vitest';
import { topicCatalog, loadSchema, sourceTopic, deadLetterTopic } from '../src/catalog.js';
import { stageGroups } from '../src/stage-groups.js';
import { validateSources, type SourceDefinition } from '../src/source.js';

const stage = (name: string) => ({ name, process: () => [] });
const fixture: SourceDefinition = {
  name: 'things',
  description: 'test',
  topics: [
    { name: 'requests', schemaFile: 'genbank.fetch.avsc', partitions: 2 },
    { name: 'raw', schemaFile: 'genbank.raw.avsc' },
    { name: 'state', schemaFile: 'genbank.raw.avsc', partitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
  ],
  stages: [
    { role: 'parser', input: 'raw', create: () => ({ stage: stage('things.parser'), output: { kind: 'topic', topic: 'x', key: () => null } }) },
    { role: 'fetcher', input: 'requests', create: () => ({ stage: stage('things.fetcher'), output: { kind: 'topic', topic: 'x', key: () => null } }) },
  ],
  tables: [],
};

describe('topic catalog and stage groups, derived from the sources', () => {
  it('names each topic <prefix>.<source>.<topic>, applies retention except to compacted topics, and adds the dead-letter topic', () => {
    const catalog = topicCatalog('p', [fixture], { retentionHours: 2 });
    expect(catalog.map((t) => [t.topic, t.numPartitions])).toEqual([['p.things.requests', 2], ['p.things.raw', 3], ['p.things.state', 1], ['p.dlq', 1]]);
    expect(catalog[0]!.configEntries).toEqual([{ name: 'retention.ms', value: String(2 * 3600 * 1000) }]);
    expect(catalog[2]!.configEntries).toEqual([{ name: 'cleanup.policy', value: 'compact' }]);
    expect(sourceTopic('p', fixture, 'raw')).toBe('p.things.raw');
    expect(deadLetterTopic('p')).toBe('p.dlq');
  });

  it('gives a topic without its own count the configured partitions (STRAND_TOPIC_PARTITIONS)', () => {
    expect(topicCatalog('p', [fixture], { partitions: 6 }).map((t) => [t.topic, t.numPartitions])).toEqual([['p.things.requests', 2], ['p.things.raw', 6], ['p.things.state', 1], ['p.dlq', 1]]);
  });

  it('lists stages in flow order, named <source>.<role>, with group <prefix>.<source>.<role>', () => {
    expect(stageGroups('p', [fixture])).toEqual([
      { source: 'things', role: 'fetcher', stage: 'things.fetcher', groupId: 'p.things.fetcher', topic: 'p.things.requests' },
      { source: 'things', role: 'parser', stage: 'things.parser', groupId: 'p.things.parser', topic: 'p.things.raw' },
    ]);
  });

  it('refuses a list with a duplicate source, two stages of one role, or a stage reading a topic its source lacks', () => {
    expect(() => validateSources([fixture, fixture])).toThrow(/declared twice/);
    expect(() => validateSources([{ ...fixture, stages: [...fixture.stages, fixture.stages[0]!] }])).toThrow(/two parser stages/);
    expect(() => validateSources([{ ...fixture, stages: [{ ...fixture.stages[0]!, input: 'nope' }] }])).toThrow(/reads "nope"/);
  });

  it('loads an enriched schema with the parsed record\'s fields first (strand.extends)', () => {
    const parsed = loadSchema('genbank.parsed.avsc') as { fields: { name: string }[] };
    const enriched = loadSchema('genbank.enriched.avsc') as { fields: { name: string }[] };
    expect(enriched.fields.slice(0, parsed.fields.length).map((f) => f.name)).toEqual(parsed.fields.map((f) => f.name));
    expect(enriched.fields.map((f) => f.name)).toContain('sequenceSha256');
  });
});
