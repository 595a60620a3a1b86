import type { Command } from 'commander';
import { loadConfig, StrandError, type StrandConfig } from '@strand/runtime';
import { writeOut } from '../output.js';
import { action, examples, jsonOption, positive } from '../command-kit.js';

/** A span as Zipkin's API v2 returns it. */
interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  timestamp?: number;
  duration?: number;
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

/** The traces in Zipkin with a span about record `key` (the Kafka message key), newest first; only this prefix's topics, of one source if given. */
export async function findTraces(config: StrandConfig, key: string, opts: { source?: string; limit: number; lookbackMs: number }): Promise<ZipkinSpan[][]> {
  const q = new URLSearchParams({ annotationQuery: `messaging.kafka.message.key=${key}`, limit: String(opts.limit * 5), lookback: String(opts.lookbackMs), endTs: String(Date.now()) });
  let res: Response;
  try {
    res = await fetch(`${config.zipkinUrl}/api/v2/traces?${q}`, { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new StrandError('CONFIG_INVALID', `Zipkin does not answer at ${config.zipkinUrl} (STRAND_ZIPKIN_URL): ${(err as Error).message}; start it with \`strand stack up --observability\``, { cause: err });
  }
  if (!res.ok) throw new StrandError('CONFIG_INVALID', `Zipkin at ${config.zipkinUrl} answered HTTP ${res.status} to a trace search`);
  const prefix = `${config.topicPrefix}.${opts.source ? `${opts.source}.` : ''}`;
  const traces = (await res.json() as ZipkinSpan[][]).filter((spans) => spans.some((s) => s.tags?.['messaging.destination.name']?.startsWith(prefix)));
  const start = (t: ZipkinSpan[]) => Math.min(...t.map((s) => s.timestamp ?? Infinity));
  return traces.sort((a, b) => start(b) - start(a)).slice(0, opts.limit);
}

/** One trace as an indented tree: each span's name, service, duration, and the topic[partition]@offset it consumed or the topic it published to. */
export function renderTrace(spans: ZipkinSpan[]): string {
  const children = new Map<string | undefined, ZipkinSpan[]>();
  const ids = new Set(spans.map((s) => s.id));
  for (const s of spans) {
    const parent = s.parentId && ids.has(s.parentId) ? s.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const lines = [`trace ${spans[0]?.traceId ?? '?'} (${new Date((Math.min(...spans.map((s) => s.timestamp ?? Infinity))) / 1000).toISOString()})`];
  const walk = (parent: string | undefined, depth: number) => {
    for (const s of (children.get(parent) ?? []).sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0))) {
      const t = s.tags ?? {};
      const where = t['messaging.kafka.offset'] !== undefined
        ? `${t['messaging.destination.name']}[${t['messaging.kafka.partition']}]@${t['messaging.kafka.offset']}`
        : t['messaging.destination.name'] ? `-> ${t['messaging.destination.name']}` : '';
      const ms = s.duration === undefined ? '?' : (s.duration / 1000).toFixed(1);
      const error = t.error ? `  ERROR ${t.error}` : '';
      lines.push(`${'  '.repeat(depth + 1)}${s.name}  [${s.localEndpoint?.serviceName ?? '?'}]  ${ms} ms  ${where}${error}`);
      walk(s.id, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}

/** `strand trace KEY`: the trace of one record (its hops through the pipeline) from the trace backend. */
export function register(program: Command): void {
  examples(program.command('trace').argument('<key>', 'the record\'s key: a GenBank accession (e.g. EU851978) or a PubChem CID')
    .description('show one record\'s trace from Zipkin (STRAND_ZIPKIN_URL): each hop fetcher -> parser -> enricher -> sink with its topic, partition, offset and duration')
    .option('--source <name>', 'only traces through this source\'s topics (e.g. genbank, pubchem)')
    .option('--limit <n>', 'most traces to show (a record fetched again has one trace per fetch)', positive('--limit', { integer: true, max: 1000 }), 3)
    .option('--lookback-h <hours>', 'how far back to search', positive('--lookback-h', { max: 24 * 365 }), 24)
    .addOption(jsonOption()),
  ['strand trace EU851978', 'strand trace 2244 --source pubchem --json'],
  'Services send spans to Zipkin when OTEL_EXPORTER_ZIPKIN_ENDPOINT is set (`strand demo` sets it and starts Zipkin).')
    .action(action(async (key: string, opts: { source?: string; limit: number; lookbackH: number; json?: boolean }) => {
      const config = loadConfig();
      const traces = await findTraces(config, key, { source: opts.source, limit: opts.limit, lookbackMs: opts.lookbackH * 3_600_000 });
      if (opts.json) {
        await writeOut(`${JSON.stringify(traces)}\n`);
      } else if (traces.length === 0) {
        await writeOut(`no trace of ${key} in Zipkin at ${config.zipkinUrl} (topic prefix ${config.topicPrefix}${opts.source ? `, source ${opts.source}` : ''}) in the last ${opts.lookbackH} h\n`);
      } else {
        await writeOut(`${traces.map(renderTrace).join('\n\n')}\n`);
      }
      return traces.length > 0 ? 0 : 1;
    }));
}
