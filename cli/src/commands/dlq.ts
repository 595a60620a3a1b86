import { Option, type Command } from 'commander';
import type { KafkaMessage, Message } from 'kafkajs';
import {
  loadConfig, createKafka, createLogger, connectAdmin, connectProducer, ValueCodec, readTopicRanges, redact, sendBounded,
  payloadRef, payloadRefHeader, redriveCount, redriveCountHeader, type DeadLetter, type StrandConfig,
} from '@strand/runtime';
import { connectPool, pgPayloadStore } from '@strand/db';
import { deadLetterTopic } from '@strand/pipeline';
import { note, writeOut, UsageError } from '../output.js';
import { action, examples, positive } from '../command-kit.js';


interface Filters {
  source?: string;
  stage?: string;
  code?: string;
  since?: number;
  until?: number;
  /** The original record's offsets in its topic, inclusive. */
  offsets?: { from: number; to: number };
}

/** `--offset N` or `--offset FROM-TO`: the original record's offset in its topic. */
function offsetRange(text: string | undefined): { from: number; to: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new UsageError(`--offset must be N or FROM-TO (non-negative integers), got "${text}"`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (to < from) throw new UsageError(`--offset ${text}: the range ends before it starts`);
  return { from, to };
}

interface Found {
  partition: number;
  offset: string;
  dl: DeadLetter;
  message: KafkaMessage;
}

function time(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new UsageError(`--${name} must be an ISO-8601 time such as 2026-11-23T10:00:00Z, got "${text}"`);
  return at;
}

const matches = (dl: DeadLetter, f: Filters) =>
  (f.source === undefined || dl.stage.startsWith(`${f.source}.`)) && (f.stage === undefined || dl.stage === f.stage) && (f.code === undefined || dl.errorCode === f.code)
  && (f.since === undefined || dl.failedAt >= f.since) && (f.until === undefined || dl.failedAt < f.until)
  && (f.offsets === undefined || (dl.sourceOffset >= f.offsets.from && dl.sourceOffset <= f.offsets.to));

/** Reads the dead letters of the given ranges (every partition from `keep` messages before its end), decoded, in order per partition. */
async function readDeadLetters(config: StrandConfig, filters: Filters, keep: number | undefined, only?: { partition: number; offset: bigint }): Promise<Found[]> {
  const topic = deadLetterTopic(config.topicPrefix);
  const kafka = createKafka(config, createLogger('error'), 'strand-cli');
  const admin = await connectAdmin(kafka, config);
  let ends;
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new UsageError(`no dead-letter topic ${topic} (STRAND_TOPIC_PREFIX=${config.topicPrefix})`);
    ends = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const ranges = ends
    .filter((e) => !only || e.partition === only.partition)
    .map((e) => {
      const low = BigInt(e.low);
      const end = BigInt(e.high);
      if (only) return { partition: e.partition, from: only.offset, end: only.offset < end ? only.offset + 1n : only.offset };
      const from = keep === undefined ? low : (end - BigInt(keep) > low ? end - BigInt(keep) : low);
      return { partition: e.partition, from, end };
    })
    .filter((r) => r.end > r.from);
  if (only && ranges.length === 0) throw new UsageError(`${topic} has no message at ${only.partition}:${only.offset}`);
  const codec = new ValueCodec(config);
  const found: Found[] = [];
  await readTopicRanges(kafka, topic, ranges, async (partition, message) => {
    const dl = await codec.decode<DeadLetter>(message.value!, `${topic}[${partition}]@${message.offset}`);
    if (matches(dl, filters)) found.push({ partition, offset: message.offset, dl, message });
  }, { groupPrefix: `${config.topicPrefix}.cli.dlq` });
  return found;
}

const summary = (f: Found) => ({
  dlq: `${f.partition}:${f.offset}`, ...f.dl, reason: redact(f.dl.reason), value: undefined, valueBytes: f.dl.value?.length ?? 0,
  claimChecked: payloadRef(f.message.headers) !== null, redriveCount: redriveCount(f.message.headers), failedAt: new Date(f.dl.failedAt).toISOString(),
});

interface DlqOptions {
  source?: string;
  offset?: string;
  stage?: string;
  code?: string;
  since?: string;
  until?: string;
  limit?: number;
  execute?: boolean;
  maxRedrives?: number;
}

const filtersOf = (o: DlqOptions): Filters => ({ source: o.source, stage: o.stage, code: o.code, since: time('since', o.since), until: time('until', o.until), offsets: offsetRange(o.offset) });

/** The filters shared by `list` and `redrive`. */
function withFilters(cmd: Command): Command {
  return cmd
    .option('--source <source>', 'only dead letters of this source\'s stages (e.g. genbank, pubchem)')
    .option('--stage <stage>', 'only dead letters of this stage, <source>.<role>')
    .option('--code <code>', 'only this error code (e.g. GENBANK_BAD_LOCATION)')
    .option('--since <iso>', 'only those that failed at or after this ISO-8601 time')
    .option('--until <iso>', 'only those that failed before this ISO-8601 time')
    .option('--offset <n|from-to>', 'only those whose original record is at this offset (or range) of its topic');
}

async function list(o: DlqOptions): Promise<number> {
  const config = loadConfig();
  const filters = filtersOf(o);
  for (const f of await readDeadLetters(config, filters, o.limit ?? 100)) await writeOut(`${JSON.stringify(summary(f))}\n`);
  return 0;
}

async function showOne(where: string): Promise<number> {
  const at = /^(\d+):(\d+)$/.exec(where);
  if (!at) throw new UsageError(`usage: strand dlq show PARTITION:OFFSET (as \`strand dlq list\` prints in "dlq"), got "${where}"`);
  const config = loadConfig();
  const [f] = await readDeadLetters(config, {}, undefined, { partition: Number(at[1]), offset: BigInt(at[2]!) });
  if (!f) throw new UsageError(`no dead letter at ${at[1]}:${at[2]}`);
  await writeOut(`${JSON.stringify({ ...summary(f), original: await originalRecord(config, f) }, null, 2)}\n`);
  return 0;
}

async function redrive(o: DlqOptions): Promise<number> {
  const config = loadConfig();
  const filters = filtersOf(o);
  const execute = o.execute === true;
  const max = o.maxRedrives ?? config.dlqMaxRedrives;
  const found = await readDeadLetters(config, filters, undefined);
  const send: { f: Found; message: Message }[] = [];
  const refused: { f: Found; why: string }[] = [];
  for (const f of found) {
    const count = redriveCount(f.message.headers);
    const ref = payloadRef(f.message.headers);
    if (count >= max) refused.push({ f, why: `already redriven ${count} time(s), the limit (--max-redrives, STRAND_DLQ_MAX_REDRIVES) is ${max}` });
    else if (!f.dl.value && ref === null) refused.push({ f, why: 'the dead letter holds no original record (a part of a fetch request, say)' });
    else send.push({ f, message: { key: f.dl.key, partition: f.dl.sourcePartition, value: f.dl.value ?? Buffer.alloc(0), headers: { [redriveCountHeader]: String(count + 1), ...(ref ? { [payloadRefHeader]: ref } : {}) } } });
  }
  for (const { f } of send) note(`${execute ? 'redriving' : 'would redrive'} ${f.partition}:${f.offset} (${f.dl.stage} ${f.dl.errorCode}) -> ${f.dl.sourceTopic}[${f.dl.sourcePartition}] key ${f.dl.key ?? '-'}`);
  for (const { f, why } of refused) note(`refused ${f.partition}:${f.offset} (${f.dl.stage} ${f.dl.errorCode}, key ${f.dl.key ?? '-'}): ${why}`);
  if (!execute) {
    note(`dry run: ${send.length} to redrive, ${refused.length} refused; nothing sent (add --execute)`);
    return refused.length > 0 ? 1 : 0;
  }
  if (send.length > 0) {
    const kafka = createKafka(config, createLogger('error'), 'strand-cli');
    const producer = await connectProducer(kafka, config);
    try {
      const byTopic = new Map<string, Message[]>();
      for (const { f, message } of send) byTopic.set(f.dl.sourceTopic, [...(byTopic.get(f.dl.sourceTopic) ?? []), message]);
      await sendBounded(producer, [...byTopic].map(([topic, messages]) => ({ topic, messages })), config.maxMessageBytes);
    } finally {
      await producer.disconnect();
    }
  }
  note(`redrove ${send.length} record(s)${refused.length ? `; refused ${refused.length}` : ''}`);
  return refused.length > 0 ? 1 : 0;
}

/** `strand dlq list|show|redrive`: the dead-letter topic (<prefix>.dlq). */
export function register(program: Command): void {
  const dlq = program.command('dlq').description('the dead-letter topic (<prefix>.dlq): list, show and redrive poison records');
  examples(dlq, [
    'strand dlq list --stage genbank.parser --code GENBANK_BAD_LOCATION',
    'strand dlq show 0:42',
    'strand dlq redrive --stage genbank.parser --since 2026-12-01T00:00:00Z',
    'strand dlq redrive --stage genbank.parser --since 2026-12-01T00:00:00Z --execute',
  ], `Filters of list and redrive: --source S, --stage S (<source>.<role>), --code ERROR_CODE, --since ISO-8601, --until ISO-8601,
--offset N or FROM-TO (the original record's offset in its topic).
redrive is a dry run unless --execute; it refuses a record redriven --max-redrives N times (STRAND_DLQ_MAX_REDRIVES).
Each subcommand has its own --help. Exit codes: 0 done, 1 failed or some records refused, 2 usage.`);

  examples(withFilters(dlq.command('list').description('dead letters, oldest first, one JSON object per line (reason, error code, source topic, partition and offset, redrive count)'))
    .addOption(new Option('--limit <n>', 'keep the newest N per partition').argParser(positive('--limit', { integer: true, max: 1_000_000 })).default(100))
    .option('--json', 'the output is always JSON, one object per line (accepted for symmetry with the other listings)'),
  ['strand dlq list', 'strand dlq list --stage genbank.parser --code GENBANK_BAD_LOCATION --limit 10', 'strand dlq list --since 2026-12-01T00:00:00Z | jq -r .reason'])
    .action(action(list));

  examples(dlq.command('show').description('one dead letter, with its original record decoded (claim-checked payloads included)')
    .argument('<partition:offset>', 'where it is in the dead-letter topic, as `dlq list` prints in "dlq"'),
  ['strand dlq show 0:42'])
    .action(action(showOne));

  examples(withFilters(dlq.command('redrive').description('send the original bytes of matching dead letters back to the topic and partition they came from; a dry run unless --execute'))
    .option('--execute', 'send them (each carries a strand-redrive-count header)')
    .addOption(new Option('--max-redrives <n>', 'refuse a record already redriven N times (default STRAND_DLQ_MAX_REDRIVES)').argParser(positive('--max-redrives', { integer: true, max: 1000 }))),
  ['strand dlq redrive --stage genbank.parser --since 2026-12-01T00:00:00Z', 'strand dlq redrive --stage genbank.parser --code GENBANK_BAD_LOCATION --execute'],
  'A record already redriven N times is refused, so a still-broken record cannot loop. Redriving twice is\nharmless: the sink skips what it holds.')
    .action(action(redrive));
}

/** The dead letter's original record, decoded through the registry (fetched from the payload store when claim-checked); its error when it does not decode. */
async function originalRecord(config: StrandConfig, f: Found): Promise<unknown> {
  const ref = payloadRef(f.message.headers);
  let bytes = f.dl.value;
  if (ref !== null) {
    const pool = await connectPool(config, { max: 1, access: 'read' });
    try {
      bytes = await pgPayloadStore(pool).get(ref);
    } finally {
      await pool.end();
    }
  }
  if (!bytes || bytes.length === 0) return null;
  try {
    const value = await new ValueCodec(config).decode<unknown>(bytes, `dead letter ${f.partition}:${f.offset}`);
    return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data) ? Buffer.from((v as { data: number[] }).data).toString('utf8') : v)));
  } catch (err) {
    return { undecodable: redact((err as Error).message), bytes: bytes.length };
  }
}
