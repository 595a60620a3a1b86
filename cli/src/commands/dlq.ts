import { parseArgs } from 'node:util';
import type { KafkaMessage, Message } from 'kafkajs';
import {
  loadConfig, createKafka, createLogger, connectAdmin, connectProducer, ValueCodec, readTopicRanges, redact, sendBounded,
  payloadRef, payloadRefHeader, redriveCount, redriveCountHeader, type DeadLetter, type StrandConfig,
} from '@strand/runtime';
import { connectPool, pgPayloadStore } from '@strand/db';
import { deadLetterTopic, positiveOption } from '@strand/pipeline';
import { note, writeOut, UsageError } from '../output.js';

const help = `strand dlq: the dead-letter topic (<prefix>.dlq)

  strand dlq list [FILTERS] [--limit N]
      dead letters, oldest first, one JSON object per line (reason, error code, source topic,
      partition and offset, redrive count); --limit keeps the newest N per partition (default 100)
  strand dlq show PARTITION:OFFSET
      one dead letter, with the original record decoded (claim-checked payloads included)
  strand dlq redrive [FILTERS] [--execute] [--max-redrives N]
      sends the original bytes of each matching dead letter back to the topic and partition it
      came from, with a strand-redrive-count header; prints what it would send and sends nothing
      unless --execute is given. A record already redriven N times (STRAND_DLQ_MAX_REDRIVES, 3)
      is refused, so a record that is still broken cannot loop. Redriving twice is harmless: the
      sink skips what it holds.

  FILTERS: --stage S (<source>.<role>), --code ERROR_CODE, --since ISO-8601, --until ISO-8601
  Exit codes: 0 done, 1 failed or some records refused, 2 usage.

  Examples:
    strand dlq list --stage genbank.parser --code GENBANK_BAD_LOCATION
    strand dlq show 0:42
    strand dlq redrive --stage genbank.parser --since 2026-12-01T00:00:00Z
    strand dlq redrive --stage genbank.parser --since 2026-12-01T00:00:00Z --execute
`;

interface Filters {
  stage?: string;
  code?: string;
  since?: number;
  until?: number;
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
  (f.stage === undefined || dl.stage === f.stage) && (f.code === undefined || dl.errorCode === f.code)
  && (f.since === undefined || dl.failedAt >= f.since) && (f.until === undefined || dl.failedAt < f.until);

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

export async function dlqCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(help);
    return sub === undefined ? 2 : 0;
  }
  if (!['list', 'show', 'redrive'].includes(sub)) throw new UsageError(`unknown dlq command "${sub}"\n\n${help}`);
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true,
    options: {
      limit: { type: 'string' }, stage: { type: 'string' }, code: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' },
      execute: { type: 'boolean', default: false }, 'max-redrives': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const config = loadConfig();
  const filters: Filters = { stage: values.stage, code: values.code, since: time('since', values.since), until: time('until', values.until) };

  if (sub === 'list') {
    const limit = positiveOption('--limit', values.limit ?? '100', { integer: true, max: 1_000_000 });
    for (const f of await readDeadLetters(config, filters, limit)) await writeOut(`${JSON.stringify(summary(f))}\n`);
    return 0;
  }

  if (sub === 'show') {
    const at = /^(\d+):(\d+)$/.exec(positionals[0] ?? '');
    if (!at) throw new UsageError(`usage: strand dlq show PARTITION:OFFSET (as \`strand dlq list\` prints in "dlq"), got "${positionals[0] ?? ''}"`);
    const [f] = await readDeadLetters(config, {}, undefined, { partition: Number(at[1]), offset: BigInt(at[2]!) });
    if (!f) throw new UsageError(`no dead letter at ${at[1]}:${at[2]}`);
    await writeOut(`${JSON.stringify({ ...summary(f), original: await originalRecord(config, f) }, null, 2)}\n`);
    return 0;
  }

  // redrive
  const max = values['max-redrives'] === undefined ? config.dlqMaxRedrives : positiveOption('--max-redrives', values['max-redrives'], { integer: true, max: 1000 });
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
  for (const { f } of send) note(`${values.execute ? 'redriving' : 'would redrive'} ${f.partition}:${f.offset} (${f.dl.stage} ${f.dl.errorCode}) -> ${f.dl.sourceTopic}[${f.dl.sourcePartition}] key ${f.dl.key ?? '-'}`);
  for (const { f, why } of refused) note(`refused ${f.partition}:${f.offset} (${f.dl.stage} ${f.dl.errorCode}, key ${f.dl.key ?? '-'}): ${why}`);
  if (!values.execute) {
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

/** The dead letter's original record, decoded through the registry (fetched from the payload store when claim-checked); its error when it does not decode. */
async function originalRecord(config: StrandConfig, f: Found): Promise<unknown> {
  const ref = payloadRef(f.message.headers);
  let bytes = f.dl.value;
  if (ref !== null) {
    const pool = await connectPool(config, { max: 1 });
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
