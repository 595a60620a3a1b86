import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createKafka, connectAdmin, createLogger } from '@strand/runtime';
import { waitForDrain, stageGroups } from '@strand/pipeline';
import { builtInSources } from '@strand/sources';
import { connectPool, migrate } from '@strand/db';
import type { PubchemStandin } from '@strand/standins';
import { isolatedConfig, startRolesInProcess, runCli, testData, topicsOf } from './helpers.js';
import { startStandin, clearRedisKeys } from './pubchem-helpers.js';

/** The OpenTelemetry SDK with an in-memory exporter: the spans Strand really emits, nothing mocked. */
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

const keyOf = (s: ReadableSpan) => s.attributes['messaging.kafka.message.key'];

/** The spans of the trace rooted at `root`, in hop order, each the child of the one before. */
function expectChain(spans: ReadableSpan[], root: ReadableSpan, hops: string[], key: string): void {
  const trace = spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId);
  expect(root.parentSpanContext).toBeUndefined();
  const chain = [root, ...hops.map((name) => trace.find((s) => s.name === name && keyOf(s) === key)!)];
  expect(chain.every(Boolean), `hops ${hops.join(', ')} in the trace`).toBe(true);
  for (let i = 1; i < chain.length; i++) {
    expect(chain[i]!.parentSpanContext?.spanId, `${chain[i]!.name} is the child of ${chain[i - 1]!.name}`).toBe(chain[i - 1]!.spanContext().spanId);
  }
}

describe('one trace per record, rooted at the fetcher, across Kafka hops', () => {
  let standin: PubchemStandin;
  let config: ReturnType<typeof isolatedConfig>;
  let roles: Awaited<ReturnType<typeof startRolesInProcess>>;
  beforeAll(async () => {
    standin = await startStandin();
    config = isolatedConfig({ STRAND_PUBCHEM_URL: `${standin.url}/rest/pug` });
    const pool = await connectPool(config);
    await migrate(pool, config.dbSchema);
    await pool.end();
    // The four services' own wiring, in this process so the in-memory exporter sees their spans.
    roles = await startRolesInProcess(config, ['fetcher', 'parser', 'enricher', 'sink']);
  });
  afterAll(async () => {
    await roles?.stop();
    const pool = await connectPool(config);
    await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
    await pool.end();
    await clearRedisKeys(config);
    await standin?.close();
    await provider.shutdown();
  });

  it('GenBank: fetcher publish -> parser -> enricher -> sink for each of the 11 records, linked to the fetch request', async () => {
    expect((await runCli(['fetch', 'genbank', '--file', testData('genbank', 'sample-division.gbff.gz')], config)).code).toBe(0);
    const admin = await connectAdmin(createKafka(config, createLogger('error'), 'test'), config);
    await waitForDrain(admin, stageGroups(config.topicPrefix, builtInSources.filter((s) => s.name === 'genbank')), { timeoutMs: 60_000 });
    await admin.disconnect();
    const spans = exporter.getFinishedSpans();
    const raw = topicsOf(config).genbankRaw;
    const roots = spans.filter((s) => s.name === 'genbank.fetcher publish' && s.attributes['messaging.destination.name'] === raw);
    expect(new Set(roots.map((s) => s.spanContext().traceId)).size).toBe(11);
    const root = roots.find((s) => keyOf(s) === 'EU851978')!;
    expectChain(spans, root, ['genbank.parser process', 'genbank.enricher process', 'genbank.sink process'], 'EU851978');
    const request = spans.find((s) => s.name === 'genbank.fetcher process')!;
    expect(root.links.map((l) => l.context.spanId)).toContain(request.spanContext().spanId);
  });

  it('PubChem: a compound\'s trace has the fetcher span as its root', async () => {
    const result = await runCli(['fetch', 'pubchem', '--cids', '2244,702', '--wait', '--timeout-s', '120'], config, { killAfterMs: 150_000 });
    expect(result.code, result.stderr).toBe(0);
    const spans = exporter.getFinishedSpans();
    const root = spans.find((s) => s.name === 'pubchem.fetcher publish' && keyOf(s) === '2244')!;
    expect(root).toBeDefined();
    expectChain(spans, root, ['pubchem.parser process', 'pubchem.enricher process', 'pubchem.sink process'], '2244');
  });
});
