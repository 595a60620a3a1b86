import { parseArgs } from 'node:util';
import { connectPipeline } from '@strand/pipeline';
import { openSource, publishGenbank } from '@strand/fetcher';
import { loadConfig } from '@strand/runtime';
import { note, UsageError } from '../output.js';
import { waitForPipeline } from '../pipeline-drain.js';

/** `strand ingest genbank FILE|FILE.gz|URL [--wait]`: the fetcher, run once: publish each record to the raw topic. */
export async function ingestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { wait: { type: 'boolean', default: false }, 'timeout-s': { type: 'string', default: '600' } } });
  const [kind, src] = positionals;
  if (kind !== 'genbank' || !src) throw new UsageError('usage: strand ingest genbank FILE|FILE.gz|URL [--wait]');
  const config = loadConfig();
  const result = await ingestGenbank(src, { wait: values.wait, timeoutMs: Number(values['timeout-s']) * 1000, config });
  note(`published ${result.records} records (${(result.bytes / 1e6).toFixed(1)} MB) from ${result.uri} to ${result.topic}`);
  return 0;
}

export async function ingestGenbank(src: string, opts: { wait: boolean; timeoutMs: number; config: ReturnType<typeof loadConfig> }): Promise<{ records: number; bytes: number; uri: string; topic: string }> {
  // Open (and so validate) the input before touching Kafka: a bad path fails fast and names the file.
  const source = await openSource(src);
  const ctx = await connectPipeline('cli', { config: opts.config });
  try {
    let lastReport = Date.now();
    const result = await publishGenbank({
      producer: ctx.producer, codec: ctx.codec, topic: ctx.topics.genbankRaw, source, maxMessageBytes: ctx.config.maxMessageBytes, payloads: ctx.payloads,
      onProgress: (p) => {
        if (Date.now() - lastReport < 2000) return;
        lastReport = Date.now();
        note(`  ${p.records} records published (${(p.bytes / 1e6).toFixed(1)} MB)`);
      },
    });
    if (opts.wait) await waitForPipeline(ctx, opts.timeoutMs);
    return { ...result, uri: source.uri, topic: ctx.topics.genbankRaw };
  } finally {
    await ctx.close();
  }
}
