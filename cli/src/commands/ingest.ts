import { Argument, type Command } from 'commander';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import {
  connectPipeline, note, waitForSource, sourceTopic, markWork, watchWork, workOutcome, describeOutcome, type GenbankRawValue,
} from '@strand/pipeline';
import { RecordPublisher, batchPolicy, connectAdmin, describeError, loadConfig, type StrandConfig } from '@strand/runtime';
import { openSource, downloadLimitsOf, genbankLimits, genbankRecords, loadSources, type GenbankProgress } from '@strand/sources';
import { action, examples, timeoutOption } from '../command-kit.js';

export interface IngestResult {
  records: number;
  bytes: number;
  uri: string;
  topic: string;
  /** Records over a size limit, reported and not published. */
  skipped: number;
  /** With `wait`: records through the sink and dead letters written since the ingest began. */
  stored?: number;
  deadLettered?: number;
}

/** `strand ingest genbank FILE|FILE.gz|URL [--wait]`: the fetcher, run once in the CLI. */
export function register(program: Command): void {
  examples(program.command('ingest').description('publish the records of a GenBank file or URL to the raw topic (the fetcher, run once here)')
    .addArgument(new Argument('<source>', 'the source').choices(['genbank']))
    .argument('<file>', 'FILE, FILE.gz or an http(s) URL')
    .option('--wait', 'wait until every record is in PostgreSQL or dead-lettered, showing progress; exit 1 if any was dead-lettered or skipped')
    .addOption(timeoutOption(600)),
  ['strand ingest genbank test-data/genbank/sample-division.gbff.gz --wait', 'strand ingest genbank https://ftp.ncbi.nlm.nih.gov/genbank/gbphg1.seq.gz'],
  'Progress goes to stderr: one line redrawn on a terminal, a plain line every 5 s otherwise.\nExit codes: 0 all landed, 1 failed or some records dead-lettered or skipped, 2 usage.')
    .action(action(async (_source: string, file: string, opts: { wait?: boolean; timeoutS: number }) => {
      const result = await ingestGenbank(file, { wait: opts.wait === true, timeoutMs: opts.timeoutS * 1000, config: loadConfig() });
      note(`published ${result.records} records (${(result.bytes / 1e6).toFixed(1)} MB) from ${result.uri} to ${result.topic}${result.skipped ? `; ${result.skipped} skipped (over a size limit)` : ''}`);
      return result.skipped > 0 || (result.deadLettered ?? 0) > 0 ? 1 : 0;
    }));
}

/** A local file's size when it is not gzip (then bytes read and its size compare); null otherwise. */
function plainFileSize(path: string, totalBytes: number | null): number | null {
  if (totalBytes === null || !existsSync(path)) return null;
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return head[0] === 0x1f && head[1] === 0x8b ? null : totalBytes;
}

export async function ingestGenbank(src: string, opts: { wait: boolean; timeoutMs: number; config: StrandConfig }): Promise<IngestResult> {
  // Open (and so validate) the input before touching Kafka: a bad path fails fast and names the file.
  const source = await openSource(src, { inflate: { maxInflateRatio: opts.config.inputMaxInflateRatio }, download: downloadLimitsOf(opts.config) });
  const ctx = await connectPipeline('cli', { config: opts.config, sources: await loadSources(opts.config) });
  const topic = sourceTopic(opts.config.topicPrefix, 'genbank', 'raw');
  const admin = await connectAdmin(ctx.kafka, ctx.config);
  try {
    // Taken before anything is published: only what happens after it is this ingest's.
    const mark = await markWork(ctx, admin, 'genbank');
    let progress: GenbankProgress = { bytes: 0, records: 0 };
    let published = false;
    let skipped = 0;
    const total = plainFileSize(source.uri, source.totalBytes);
    const watch = watchWork(admin, mark, { bytes: () => ({ read: progress.bytes, total }), published: () => published });
    try {
      // The same batching, claim check and per-record root span as the fetcher stage.
      const publisher = new RecordPublisher<GenbankRawValue, GenbankProgress>({
        spanName: 'genbank.ingest', topic, codec: ctx.codec, maxMessageBytes: ctx.config.maxMessageBytes, payloads: ctx.payloads,
        policy: batchPolicy(ctx.config.maxMessageBytes, { count: 100 }), send: ctx.produce,
        onFlushed: async (p) => { if (p) progress = p; },
      });
      for await (const item of genbankRecords(source, { limits: genbankLimits(opts.config) })) {
        // A record over a size limit is reported and skipped; the records after it are published.
        if ('deadLetter' in item) {
          skipped++;
          note(`strand: ${describeError(item.deadLetter.error).code}: ${describeError(item.deadLetter.error).message}`);
        } else await publisher.publish(item, `${source.uri}: line ${item.attributes?.['strand.source.line'] ?? '?'}: record ${item.key}`);
      }
      await publisher.flush();
      published = true;
      if (opts.wait) await waitForSource(ctx, 'genbank', opts.timeoutMs, 'parser', { quiet: true });
    } finally {
      await watch.stop();
    }
    const result: IngestResult = { records: progress.records, bytes: progress.bytes, uri: source.uri, topic, skipped };
    if (!opts.wait) return result;
    const outcome = await workOutcome(ctx, admin, mark);
    note(describeOutcome(outcome));
    return { ...result, stored: outcome.stored, deadLettered: outcome.deadLettered };
  } finally {
    await admin.disconnect();
    await ctx.close();
  }
}
