import { parseArgs } from 'node:util';
import { connectPipeline, note, UsageError, waitForSource, sourceTopic, positiveOption } from '@strand/pipeline';
import { RecordPublisher, batchPolicy, describeError, loadConfig, type StrandConfig } from '@strand/runtime';
import type { GenbankRawValue } from '@strand/pipeline';
import { openSource, genbankLimits, genbankRecords, loadSources, type GenbankProgress } from '@strand/sources';

/** `strand ingest genbank FILE|FILE.gz|URL [--wait]`: the fetcher, run once: publish each record to the raw topic. */
export async function ingestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { wait: { type: 'boolean', default: false }, 'timeout-s': { type: 'string', default: '600' } } });
  const [kind, src] = positionals;
  if (kind !== 'genbank' || !src) throw new UsageError('usage: strand ingest genbank FILE|FILE.gz|URL [--wait]');
  const timeout = positiveOption('--timeout-s', values['timeout-s'], { max: 30 * 24 * 3600 });
  const config = loadConfig();
  const result = await ingestGenbank(src, { wait: values.wait, timeoutMs: timeout * 1000, config });
  note(`published ${result.records} records (${(result.bytes / 1e6).toFixed(1)} MB) from ${result.uri} to ${result.topic}`);
  return 0;
}

export async function ingestGenbank(src: string, opts: { wait: boolean; timeoutMs: number; config: StrandConfig }): Promise<{ records: number; bytes: number; uri: string; topic: string }> {
  // Open (and so validate) the input before touching Kafka: a bad path fails fast and names the file.
  const source = await openSource(src);
  const ctx = await connectPipeline('cli', { config: opts.config, sources: await loadSources(opts.config) });
  const topic = sourceTopic(opts.config.topicPrefix, 'genbank', 'raw');
  try {
    let lastReport = Date.now();
    let progress: GenbankProgress = { bytes: 0, records: 0 };
    // The same batching, claim check and per-record root span as the fetcher stage.
    const publisher = new RecordPublisher<GenbankRawValue, GenbankProgress>({
      spanName: 'genbank.ingest', topic, codec: ctx.codec, maxMessageBytes: ctx.config.maxMessageBytes, payloads: ctx.payloads,
      policy: batchPolicy(ctx.config.maxMessageBytes, { count: 100 }), send: ctx.produce,
      onFlushed: async (p) => {
        if (p) progress = p;
        if (Date.now() - lastReport < 2000) return;
        lastReport = Date.now();
        note(`  ${progress.records} records published (${(progress.bytes / 1e6).toFixed(1)} MB)`);
      },
    });
    for await (const item of genbankRecords(source, { limits: genbankLimits(opts.config) })) {
      // A record over a size limit is reported and skipped; the records after it are published.
      if ('deadLetter' in item) note(`strand: ${describeError(item.deadLetter.error).code}: ${describeError(item.deadLetter.error).message}`);
      else await publisher.publish(item, `${source.uri}: line ${item.attributes?.['strand.source.line'] ?? '?'}: record ${item.key}`);
    }
    await publisher.flush();
    if (opts.wait) await waitForSource(ctx, 'genbank', opts.timeoutMs, 'parser');
    return { records: progress.records, bytes: progress.bytes, uri: source.uri, topic };
  } finally {
    await ctx.close();
  }
}
