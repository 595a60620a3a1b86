import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createKafka, connectAdmin, createLogger } from '@strand/runtime';
import { connectPipeline, waitForDrain, topicNames } from '@strand/pipeline';
import { openSource, publishGenbank } from '@strand/fetcher';
import { isolatedConfig, startGenbankPipeline, testData, type InProcessPipeline } from './helpers.js';

/** The OpenTelemetry SDK with an in-memory exporter: the spans Strand really emits, nothing mocked. */
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

describe('one trace per record across Kafka hops', () => {
  const config = isolatedConfig();
  let pipeline: InProcessPipeline;
  beforeAll(async () => { pipeline = await startGenbankPipeline(config); });
  afterAll(async () => { await pipeline?.stop(); await provider.shutdown(); });

  it('links fetcher, parser, enricher and sink spans of a record into one trace, each the child of the previous hop', async () => {
    const ctx = await connectPipeline('test', { config, logger: createLogger('error') });
    try {
      await publishGenbank({ producer: ctx.producer, codec: ctx.codec, topic: ctx.topics.genbankRaw, source: await openSource(testData('genbank', 'sample-division.gbff.gz')), maxMessageBytes: config.maxMessageBytes, payloads: ctx.payloads });
    } finally {
      await ctx.close();
    }
    const t = topicNames(config.topicPrefix);
    const admin = await connectAdmin(createKafka(config, createLogger('error'), 'test'), config);
    await waitForDrain(admin, [
      { groupId: `${config.topicPrefix}.parser`, topic: t.genbankRaw },
      { groupId: `${config.topicPrefix}.enricher`, topic: t.genbankParsed },
      { groupId: `${config.topicPrefix}.sink`, topic: t.genbankEnriched },
    ], { timeoutMs: 60_000 });
    await admin.disconnect();

    const spans = exporter.getFinishedSpans();
    const keyOf = (s: ReadableSpan) => s.attributes['messaging.kafka.message.key'];
    const root = spans.find((s) => s.name === 'fetcher publish' && keyOf(s) === 'EU851978')!;
    expect(root).toBeDefined();
    const trace = spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId);
    const hop = (name: string) => trace.find((s) => s.name === name)!;
    const chain = ['fetcher publish', 'parser process', 'enricher process', 'sink process'].map(hop);
    expect(chain.every(Boolean)).toBe(true);
    for (let i = 1; i < chain.length; i++) {
      expect(chain[i]!.parentSpanContext?.spanId, `${chain[i]!.name} is the child of ${chain[i - 1]!.name}`).toBe(chain[i - 1]!.spanContext().spanId);
      expect(keyOf(chain[i]!)).toBe('EU851978');
    }
    // Eleven records, eleven traces.
    const roots = spans.filter((s) => s.name === 'fetcher publish' && String(s.attributes['messaging.destination.name']) === t.genbankRaw);
    expect(new Set(roots.map((s) => s.spanContext().traceId)).size).toBe(11);
  });
});
